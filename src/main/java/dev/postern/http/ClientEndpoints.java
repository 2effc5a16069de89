package dev.postern.http;

import dev.postern.config.Settings;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What a mail client is told to connect to: {@code hostname} and the POP3 and SMTP ports of the
 * configured listeners, each with how TLS starts there, most preferred first. The single source
 * for autoconfig, Autodiscover, Apple profiles and the SRV records {@code postern check} prints.
 */
public record ClientEndpoints(String hostname, List<Endpoint> pop3, List<Endpoint> smtp) {

    /** Implicit TLS from the first byte (RFC 8314 §3), or STARTTLS / STLS on a plain connection. */
    public enum Security { IMPLICIT_TLS, STARTTLS }

    /** One advertised port, and the name of the listener ({@code pop3s}, {@code submission}, …) behind it. */
    public record Endpoint(String listener, int port, Security security) {}

    /** The SMTP relay port, which clients are not sent to: ISPs block it and it is for MX traffic. */
    private static final int MX_PORT = 25;

    public ClientEndpoints {
        pop3 = List.copyOf(pop3);
        smtp = List.copyOf(smtp);
    }

    /** The configured ports, as {@code postern check} advertises them (no server running). */
    public static ClientEndpoints configured(Settings settings) {
        return of(settings, listener -> List.of());
    }

    /**
     * The configured ports; a port configured as 0 is replaced by the one the listener bound
     * ({@code bound} gives a listener's bound ports in configuration order).
     */
    public static ClientEndpoints of(Settings settings, Function<String, List<Integer>> bound) {
        var listen = settings.listen();
        // RFC 8314 §3.3: implicit TLS is preferred to STARTTLS, for POP3 and for submission.
        List<Endpoint> pop3 = new ArrayList<>();
        pop3.addAll(endpoints("pop3s", listen.pop3s(), Security.IMPLICIT_TLS, bound));
        pop3.addAll(endpoints("pop3", listen.pop3(), Security.STARTTLS, bound));
        List<Endpoint> smtp = new ArrayList<>();
        smtp.addAll(endpoints("submissions", listen.submissions(), Security.IMPLICIT_TLS, bound));
        smtp.addAll(endpoints("submission", listen.submission(), Security.STARTTLS, bound));
        // The alternates of port 25 (2525, 50, …) are for clients whose ISP blocks 587 and 465.
        smtp.addAll(endpoints("smtp", listen.smtp(), Security.STARTTLS, bound).stream()
                .filter(e -> e.port() != MX_PORT).toList());
        return new ClientEndpoints(settings.hostname(), pop3, smtp);
    }

    private static List<Endpoint> endpoints(String listener, List<InetSocketAddress> addresses, Security security,
                                            Function<String, List<Integer>> bound) {
        List<Integer> ports = bound.apply(listener);
        Set<Integer> seen = new LinkedHashSet<>();
        for (int i = 0; i < addresses.size(); i++) {
            int port = addresses.get(i).getPort();
            if (port == 0 && i < ports.size()) {
                port = ports.get(i);
            }
            seen.add(port);
        }
        return seen.stream().map(port -> new Endpoint(listener, port, security)).toList();
    }
}
