package dev.postern.check;

import dev.postern.http.ClientEndpoints;
import dev.postern.http.ClientEndpoints.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What mail clients look up to configure themselves: the RFC 6186 SRV records (and RFC 8314 §5.1
 * for {@code _submissions}), and, when the HTTP listener is on ({@code httpsPort} present), the
 * {@code autoconfig} and {@code autodiscover} names pointing at this host and Outlook's
 * {@code _autodiscover._tcp} SRV record, which lets one certificate for {@code hostname} serve
 * Autodiscover for every domain.
 */
record ClientRecords(ClientEndpoints endpoints, Optional<Integer> httpsPort) implements RecordSource {
    /** RFC 8314 §5.1: implicit TLS gets the lower (preferred) priority. */
    private static final int IMPLICIT_PRIORITY = 0;
    private static final int STARTTLS_PRIORITY = 10;

    @Override
    public List<ExpectedRecord> expected(String domain) {
        String d = ExpectedRecord.absolute(domain);
        List<ExpectedRecord> out = new ArrayList<>();
        out.add(srv("_submissions._tcp." + d, first(endpoints.smtp(), "submissions"), IMPLICIT_PRIORITY,
                "SMTP submission, implicit TLS"));
        out.add(srv("_submission._tcp." + d, first(endpoints.smtp(), "submission"), STARTTLS_PRIORITY,
                "SMTP submission, STARTTLS"));
        out.add(srv("_pop3s._tcp." + d, first(endpoints.pop3(), "pop3s"), IMPLICIT_PRIORITY, "POP3, implicit TLS"));
        out.add(srv("_pop3._tcp." + d, first(endpoints.pop3(), "pop3"), STARTTLS_PRIORITY, "POP3, STLS"));
        // RFC 6186 §4: a target of "." says the service is not offered, so clients do not try IMAP here.
        out.add(srv("_imaps._tcp." + d, Optional.empty(), 0, "IMAP, implicit TLS"));
        out.add(srv("_imap._tcp." + d, Optional.empty(), 0, "IMAP"));
        if (httpsPort.isPresent()) {
            String host = ExpectedRecord.absolute(endpoints.hostname());
            out.add(new ExpectedRecord("autoconfig." + d, "CNAME", host, "Thunderbird autoconfig (http.listen)",
                    any -> true, ExpectedRecord.targets(host)));
            out.add(new ExpectedRecord("autodiscover." + d, "CNAME", host, "Outlook Autodiscover (http.listen)",
                    any -> true, ExpectedRecord.targets(host)));
            // [MS-OXDISCO]: after the HTTPS URLs fail, Outlook asks for this SRV record (HTTPS on this host).
            out.add(new ExpectedRecord("_autodiscover._tcp." + d, "SRV", "0 1 " + httpsPort.get() + " " + host,
                    "Outlook Autodiscover over HTTPS", any -> true, ExpectedRecord.service(httpsPort.get(), host)));
        }
        return out;
    }

    private static Optional<Endpoint> first(List<Endpoint> endpoints, String listener) {
        return endpoints.stream().filter(e -> e.listener().equals(listener)).findFirst();
    }

    /** RFC 2782: priority, weight, port, target; an absent service is "0 0 0 .". */
    private ExpectedRecord srv(String name, Optional<Endpoint> endpoint, int priority, String purpose) {
        if (endpoint.isEmpty()) {
            return new ExpectedRecord(name, "SRV", "0 0 0 .", purpose + ": not offered here", any -> true,
                    ExpectedRecord.service(0, "."));
        }
        int port = endpoint.get().port();
        String host = ExpectedRecord.absolute(endpoints.hostname());
        return new ExpectedRecord(name, "SRV", priority + " 1 " + port + " " + host, purpose, any -> true,
                ExpectedRecord.service(port, host));
    }
}
