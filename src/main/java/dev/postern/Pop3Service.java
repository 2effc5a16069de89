package dev.postern;

import dev.postern.auth.AuthResult;
import dev.postern.config.Settings;
import dev.postern.limits.PopBeforeSmtp;
import dev.postern.mailbox.MaildropLock;
import dev.postern.mailbox.Maildrops;
import dev.postern.net.ConnectionCaps;
import dev.postern.net.Listener;
import dev.postern.net.TlsContext;
import dev.postern.net.TlsMode;
import dev.postern.observe.Observability;
import dev.postern.pop3.Authenticator;
import dev.postern.pop3.MaildirMaildrops;
import dev.postern.pop3.Pop3Login;
import dev.postern.pop3.Pop3Session;
import dev.postern.pop3.Pop3Settings;
import dev.postern.smtp.server.Authentication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The POP3 listeners ({@code pop3.listen} with STLS, {@code pop3s.listen} with implicit TLS) over
 * one shared {@link Maildrops} (it holds the one-session-per-mailbox lock, across nodes through
 * {@code nodes}), and the
 * POP-before-SMTP grant recorded by every successful login.
 */
final class Pop3Service {
    private static final byte[] BUSY = "-ERR [SYS/TEMP] Too many connections, try again later\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private Pop3Service() {
    }

    static List<Listener> open(Settings settings, Optional<TlsContext> tls, Authentication shared,
                               PopBeforeSmtp grants, MaildropLock nodes, Clock clock, Observability observed)
            throws IOException {
        var maildrops = new MaildirMaildrops(new Maildrops(settings.dataDir(), clock, nodes));
        var caps = new ConnectionCaps(settings.smtp().maxConnections(), settings.smtp().maxConnectionsPerIp());
        Authenticator authenticator = login(shared);
        var plaintext = plaintextLogin(settings.auth());
        List<Listener> opened = new ArrayList<>();
        try {
            for (var address : settings.listen().pop3()) {
                var session = Pop3Settings.defaults(settings.hostname(),
                        tls.isPresent() ? Pop3Settings.Stls.OFFERED : Pop3Settings.Stls.NOT_OFFERED,
                        plaintext);
                opened.add(Ports.open("pop3", address, new TlsMode.Plain(tls), BUSY, session.commandTimeout(),
                        caps, observed.connections("pop3", c -> new Pop3Session(c, session, authenticator, maildrops,
                                (ip, account) -> grants.grant(ip, account, clock.instant())).run())));
            }
            for (var address : settings.listen().pop3s()) {
                TlsContext context = tls.orElseThrow(() -> new IOException("pop3s.listen needs tls.cert and tls.key"));
                var session = Pop3Settings.defaults(settings.hostname(), Pop3Settings.Stls.NOT_OFFERED, plaintext);
                opened.add(Ports.open("pop3s", address, new TlsMode.Implicit(context, Duration.ofSeconds(30)), BUSY,
                        session.commandTimeout(), caps, observed.connections("pop3s", c -> new Pop3Session(c, session,
                                authenticator, maildrops,
                                (ip, account) -> grants.grant(ip, account, clock.instant())).run())));
            }
        } catch (IOException | RuntimeException e) {
            opened.forEach(Listener::close);
            throw e;
        }
        return opened;
    }

    /** USER/PASS and AUTH in clear follow the same keys as SMTP AUTH ({@code auth.require_tls}, …). */
    private static Pop3Settings.PlaintextLogin plaintextLogin(Settings.Auth auth) {
        return !auth.requireTls() ? Pop3Settings.PlaintextLogin.ALLOWED
                : auth.allowPlaintextLoopback() ? Pop3Settings.PlaintextLogin.TLS_REQUIRED_EXCEPT_LOOPBACK
                : Pop3Settings.PlaintextLogin.TLS_REQUIRED;
    }

    /**
     * The POP3 port over the authenticator SMTP AUTH uses, so POP3 failures feed the same
     * per-IP/per-account throttle and a throttled client is refused before its password is checked.
     */
    static Authenticator login(dev.postern.auth.Authenticator shared) {
        return login(shared::authenticate);
    }

    /** As above, over any login check (the observed one in production). */
    static Authenticator login(Authentication shared) {
        return (client, user, password) -> switch (shared.authenticate(client, user, password)) {
            case AuthResult.Success(String account) -> new Pop3Login.Success(account);
            case AuthResult.BadCredentials _ -> new Pop3Login.BadCredentials();
            case AuthResult.Throttled(Duration retryAfter) -> new Pop3Login.Throttled(retryAfter);
        };
    }
}
