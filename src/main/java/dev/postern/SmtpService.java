package dev.postern;

import dev.postern.config.Settings;
import dev.postern.net.ConnectionCaps;
import dev.postern.net.Listener;
import dev.postern.net.TlsContext;
import dev.postern.net.TlsMode;
import dev.postern.observe.Observability;
import dev.postern.smtp.server.AuthPolicy;
import dev.postern.smtp.server.Authentication;
import dev.postern.smtp.server.Inbound;
import dev.postern.smtp.server.SessionSettings;
import dev.postern.smtp.server.SmtpSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SMTP listeners: {@code smtp} (25 and its alternates; an MTA port where AUTH is optional) and
 * {@code submission} (587), both offering STARTTLS, and {@code submissions} (465) with implicit
 * TLS; on the two submission ports MAIL needs AUTH first. One session per connection, all handing
 * their messages to intake. The connection caps are shared by all three.
 */
final class SmtpService {
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);
    /** RFC 5321 §4.5.3.1.4 says 512; ESMTP parameters (ORCPT, ENVID) need more. */
    private static final int MAX_COMMAND_LINE = 2048;

    private SmtpService() {
    }

    static List<Listener> open(Settings settings, Optional<TlsContext> tls, Inbound intake,
                               Authentication authentication, Observability observed) throws IOException {
        var caps = new ConnectionCaps(settings.smtp().maxConnections(), settings.smtp().maxConnectionsPerIp());
        byte[] refusal = ("421 4.7.0 " + settings.hostname() + " Error: too many connections, try again later\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        List<Listener> opened = new ArrayList<>();
        try {
            for (var address : settings.listen().smtp()) {
                opened.add(open(settings, "smtp", address, new TlsMode.Plain(tls), refusal, caps, intake,
                        authentication, AuthPolicy.Role.MTA, observed));
            }
            for (var address : settings.listen().submission()) {
                opened.add(open(settings, "submission", address, new TlsMode.Plain(tls), refusal, caps, intake,
                        authentication, AuthPolicy.Role.SUBMISSION, observed));
            }
            for (var address : settings.listen().submissions()) {
                TlsContext context = tls.orElseThrow(() -> new IOException("submissions.listen needs tls.cert and tls.key"));
                opened.add(open(settings, "submissions", address, new TlsMode.Implicit(context, HANDSHAKE_TIMEOUT),
                        refusal, caps, intake, authentication, AuthPolicy.Role.SUBMISSION, observed));
            }
        } catch (IOException | RuntimeException e) {
            opened.forEach(Listener::close);
            throw e;
        }
        return opened;
    }

    private static Listener open(Settings settings, String name, InetSocketAddress address, TlsMode mode,
                                 byte[] refusal, ConnectionCaps caps, Inbound intake,
                                 Authentication authentication, AuthPolicy.Role role, Observability observed)
            throws IOException {
        SessionSettings session = sessionSettings(settings, mode, role);
        var replies = observed.smtpReplies();
        return Ports.open(name, address, mode, refusal, settings.smtp().commandTimeout(), caps,
                observed.connections(name,
                        connection -> new SmtpSession(connection, intake, session, authentication, replies).run()));
    }

    private static SessionSettings sessionSettings(Settings settings, TlsMode mode, AuthPolicy.Role role) {
        boolean implicit = mode instanceof TlsMode.Implicit;
        boolean startTls = mode instanceof TlsMode.Plain plain && plain.starttls().isPresent();
        var smtp = settings.smtp();
        return new SessionSettings(settings.hostname(), startTls, implicit, settings.messageSizeLimit(),
                smtp.maxRecipients(), smtp.maxBadCommands(), MAX_COMMAND_LINE, smtp.commandTimeout(),
                smtp.dataTimeout(), smtp.commandTimeout(), smtp.dataDeadline(), authPolicy(settings.auth(), role));
    }

    /** {@code auth.require_tls}, {@code auth.allow_plaintext_loopback}, {@code auth.legacy_advertise}. */
    private static AuthPolicy authPolicy(Settings.Auth auth, AuthPolicy.Role role) {
        AuthPolicy.ClearText clearText = !auth.requireTls() ? AuthPolicy.ClearText.ALLOWED
                : auth.allowPlaintextLoopback() ? AuthPolicy.ClearText.LOOPBACK_ONLY : AuthPolicy.ClearText.REFUSED;
        return new AuthPolicy(role, clearText, auth.legacyAdvertise());
    }
}
