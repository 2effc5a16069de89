package dev.postern;

import dev.postern.accounts.AccountStore;
import dev.postern.auth.PasswordHash;
import dev.postern.config.Settings;
import dev.postern.limits.PopBeforeSmtp;
import dev.postern.mailbox.Maildrops;
import dev.postern.net.ConnectionCaps;
import dev.postern.net.Listener;
import dev.postern.net.TlsContext;
import dev.postern.net.TlsMode;
import dev.postern.pop3.Authenticator;
import dev.postern.pop3.MaildirMaildrops;
import dev.postern.pop3.Pop3Session;
import dev.postern.pop3.Pop3Settings;
import dev.postern.smtp.MailAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The POP3 listeners ({@code pop3.listen} with STLS, {@code pop3s.listen} with implicit TLS) over
 * one shared {@link Maildrops} (it holds the one-session-per-mailbox lock), and the
 * POP-before-SMTP grant recorded by every successful login.
 */
final class Pop3Service {
    private static final byte[] BUSY = "-ERR [SYS/TEMP] Too many connections, try again later\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private Pop3Service() {
    }

    static List<Listener> open(Settings settings, Optional<TlsContext> tls, AccountStore accounts,
                               PopBeforeSmtp grants, Clock clock) throws IOException {
        var maildrops = new MaildirMaildrops(new Maildrops(settings.dataDir(), clock));
        var caps = new ConnectionCaps(settings.smtp().maxConnections(), settings.smtp().maxConnectionsPerIp());
        Authenticator authenticator = (user, password) -> verify(accounts, user, password);
        List<Listener> opened = new ArrayList<>();
        try {
            for (var address : settings.listen().pop3()) {
                var session = Pop3Settings.defaults(settings.hostname(),
                        tls.isPresent() ? Pop3Settings.Stls.OFFERED : Pop3Settings.Stls.NOT_OFFERED,
                        Pop3Settings.PlaintextLogin.TLS_REQUIRED);
                opened.add(Ports.open("pop3", address, new TlsMode.Plain(tls), BUSY, session.commandTimeout(),
                        caps, c -> new Pop3Session(c, session, authenticator, maildrops,
                                (ip, account) -> grants.grant(ip, account, clock.instant())).run()));
            }
            for (var address : settings.listen().pop3s()) {
                TlsContext context = tls.orElseThrow(() -> new IOException("pop3s.listen needs tls.cert and tls.key"));
                var session = Pop3Settings.defaults(settings.hostname(), Pop3Settings.Stls.NOT_OFFERED,
                        Pop3Settings.PlaintextLogin.TLS_REQUIRED);
                opened.add(Ports.open("pop3s", address, new TlsMode.Implicit(context, Duration.ofSeconds(30)), BUSY,
                        session.commandTimeout(), caps, c -> new Pop3Session(c, session, authenticator, maildrops,
                                (ip, account) -> grants.grant(ip, account, clock.instant())).run()));
            }
        } catch (IOException | RuntimeException e) {
            opened.forEach(Listener::close);
            throw e;
        }
        return opened;
    }

    /** The canonical address when the password matches its stored hash. */
    private static Optional<String> verify(AccountStore accounts, String user, char[] password) {
        String address;
        try {
            address = MailAddress.parse(user.strip()).canonical();
        } catch (IllegalArgumentException notAnAddress) {
            return Optional.empty();
        }
        return accounts.passwordHash(address.toLowerCase(Locale.ROOT))
                .filter(hash -> PasswordHash.verify(password, hash))
                .map(hash -> address);
    }
}
