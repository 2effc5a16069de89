package dev.postern.smtp.client;

import dev.postern.smtp.Reply;
import dev.postern.smtp.Status;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens SMTP sessions: connect, greeting, EHLO (HELO fallback), STARTTLS per the {@link TlsPolicy},
 * AUTH PLAIN when credentials are given. Thread-safe; sessions are not.
 */
public final class SmtpClient {

    private static final Logger log = LoggerFactory.getLogger(SmtpClient.class);
    static final Status NO_ANSWER = new Status(4, 1);           // x.4.1 no answer from host
    static final Status PROTOCOL = new Status(5, 0);            // x.5.0 other protocol status
    static final Status TLS_FAILED = Status.SECURITY_OTHER;     // x.7.0

    private final ClientSettings settings;

    public SmtpClient(ClientSettings settings) {
        this.settings = settings;
    }

    /**
     * Connects to {@code address} (whose DNS name is {@code hostname}, for SNI, certificate checks
     * and logs) and makes it ready for MAIL. Throws with a reply saying why when it cannot.
     */
    public ClientSession open(InetSocketAddress address, String hostname, TlsPolicy tls,
                              Optional<Credentials> auth) throws SessionFailure {
        String remote = hostname + "[" + address.getAddress().getHostAddress() + "]:" + address.getPort();
        Wire wire = connect(address, hostname, tls, remote);
        try {
            var session = new ClientSession(wire, remote, settings.timeouts());
            Reply greeting = wire.read(settings.timeouts().greeting());
            if (greeting.code() != 220) { // RFC 5321 §3.1: 554 means no service here
                session.quit();
                throw new SessionFailure(greeting, remote + " refused to talk to us: " + greeting.text());
            }
            hello(session);
            if (!wire.tls() && tls.mode() != TlsPolicy.Mode.NONE) {
                startTls(session, hostname, tls);
            }
            if (auth.isPresent()) {
                authenticate(session, auth.get());
            }
            log.debug("connected to {} ({})", remote, wire.cipher());
            return session;
        } catch (ReplyReader.ProtocolException e) {
            wire.close();
            throw new SessionFailure(Reply.of(451, PROTOCOL, "garbled reply from " + remote), e.getMessage());
        } catch (IOException e) {
            wire.close();
            throw new SessionFailure(Reply.of(451, Status.CONNECTION_DROPPED, "lost connection with " + remote
                    + " while opening the session: " + e.getMessage()), e.toString());
        } catch (SessionFailure | RuntimeException e) {
            wire.close();
            throw e;
        }
    }

    private Wire connect(InetSocketAddress address, String hostname, TlsPolicy tls, String remote)
            throws SessionFailure {
        var socket = new Socket();
        try {
            socket.connect(address, (int) settings.timeouts().connect().toMillis());
            socket.setTcpNoDelay(true);
            if (tls.mode() == TlsPolicy.Mode.IMPLICIT) {
                var wire = new Wire(socket);
                wire.startTls(TlsContexts.factory(tls.trust()), hostname, settings.timeouts().greeting(),
                        TlsContexts.parameters(tls.trust(), hostname));
                return wire;
            }
            return new Wire(socket);
        } catch (ConnectException | SocketTimeoutException e) {
            close(socket);
            throw new SessionFailure(Reply.of(421, NO_ANSWER, "cannot connect to " + remote + ": "
                    + e.getMessage()), SessionFailure.Stage.CONNECT, e.toString());
        } catch (IOException | GeneralSecurityException e) {
            close(socket);
            boolean tlsFailed = e instanceof javax.net.ssl.SSLException || e instanceof GeneralSecurityException;
            throw new SessionFailure(Reply.of(421, tlsFailed ? TLS_FAILED : NO_ANSWER,
                    "cannot connect to " + remote + ": " + e.getMessage()),
                    tlsFailed ? SessionFailure.Stage.TLS_HANDSHAKE : SessionFailure.Stage.CONNECT, e.toString());
        }
    }

    /** RFC 5321 §4.1.1.1: EHLO, and HELO when the server does not know EHLO. */
    private void hello(ClientSession session) throws IOException, SessionFailure {
        Reply ehlo = session.command("EHLO " + settings.heloName(), settings.timeouts().command());
        if (ehlo.code() == 250) {
            session.extensions(Extensions.of(ehlo));
            return;
        }
        if (ehlo.code() == 421) {
            throw new SessionFailure(ehlo, "EHLO answered " + ehlo.code());
        }
        Reply helo = session.command("HELO " + settings.heloName(), settings.timeouts().command());
        if (helo.code() != 250) {
            session.quit();
            throw new SessionFailure(helo, "HELO answered " + helo.code());
        }
        session.extensions(Extensions.NONE);
    }

    private void startTls(ClientSession session, String hostname, TlsPolicy tls) throws IOException, SessionFailure {
        if (!session.extensions().has("STARTTLS")) {
            if (tls.mode() == TlsPolicy.Mode.OPPORTUNISTIC) {
                return;
            }
            session.quit();
            throw new SessionFailure(Reply.of(454, TLS_FAILED, session.remote() + " does not offer STARTTLS"),
                    "STARTTLS required");
        }
        Reply go = session.command("STARTTLS", settings.timeouts().command());
        if (go.code() != 220) {
            if (tls.mode() == TlsPolicy.Mode.OPPORTUNISTIC && go.code() != 421) {
                return; // RFC 3207 §4: we may go on without TLS
            }
            session.quit();
            throw new SessionFailure(Reply.of(454, TLS_FAILED, "STARTTLS refused by " + session.remote()),
                    go.text());
        }
        // CVE-2021-38371 class: anything after the 220 was sent before the handshake, so an attacker
        // could have injected it; reading it as if it came over TLS would be the bug. Drop the session.
        if (session.wire().unread() > 0) {
            throw new SessionFailure(Reply.of(451, TLS_FAILED, session.remote()
                    + " sent data before the TLS handshake (possible injection attack)"), "STARTTLS injection");
        }
        try {
            session.wire().startTls(TlsContexts.factory(tls.trust()), hostname, settings.timeouts().command(),
                    TlsContexts.parameters(tls.trust(), hostname));
        } catch (GeneralSecurityException | IOException e) {
            throw new SessionFailure(Reply.of(454, TLS_FAILED, "TLS handshake with " + session.remote()
                    + " failed: " + e.getMessage()), SessionFailure.Stage.TLS_HANDSHAKE, e.toString());
        }
        // RFC 3207 §4.2: forget what we knew and ask again.
        hello(session);
    }

    /** RFC 4954 with RFC 4616 PLAIN; refusal defers (a smarthost account problem is not the recipient's). */
    private void authenticate(ClientSession session, Credentials credentials) throws IOException, SessionFailure {
        if (!session.extensions().authMechanism("PLAIN")) {
            session.quit();
            throw new SessionFailure(Reply.of(454, TLS_FAILED, session.remote() + " does not offer AUTH PLAIN"),
                    "no AUTH PLAIN");
        }
        String token = Base64.getEncoder().encodeToString(("\0" + credentials.user() + "\0" + credentials.password())
                .getBytes(StandardCharsets.UTF_8));
        Reply reply = session.command("AUTH PLAIN " + token, settings.timeouts().command());
        if (reply.code() != 235) {
            session.quit();
            throw new SessionFailure(Reply.of(454, TLS_FAILED, "authentication to " + session.remote()
                    + " failed: " + reply.code() + " " + reply.text()), "AUTH refused");
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already failing
        }
    }
}
