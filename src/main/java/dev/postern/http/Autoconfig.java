package dev.postern.http;

import dev.postern.http.ClientEndpoints.Endpoint;
import dev.postern.http.ClientEndpoints.Security;

/**
 * Thunderbird's autoconfig document, clientConfig version 1.1 (the format described at
 * wiki.mozilla.org/Thunderbird:Autoconfiguration:ConfigFileFormat): every POP3 and SMTP endpoint,
 * most preferred first, password authentication, the address as the user name. The same document
 * serves every address of a domain, so the user name is Thunderbird's {@code %EMAILADDRESS%}
 * placeholder.
 */
final class Autoconfig {
    private Autoconfig() {
    }

    static String document(String domain, ClientEndpoints endpoints) {
        String d = Xml.escape(domain);
        StringBuilder out = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <clientConfig version="1.1">
                  <emailProvider id="%s">
                    <domain>%s</domain>
                    <displayName>%s mail</displayName>
                    <displayShortName>%s</displayShortName>
                """.formatted(d, d, d, d));
        for (Endpoint e : endpoints.pop3()) {
            server(out, "incomingServer", "pop3", endpoints.hostname(), e);
        }
        for (Endpoint e : endpoints.smtp()) {
            server(out, "outgoingServer", "smtp", endpoints.hostname(), e);
        }
        return out.append("  </emailProvider>\n</clientConfig>\n").toString();
    }

    private static void server(StringBuilder out, String element, String type, String hostname, Endpoint e) {
        out.append("""
                    <%s type="%s">
                      <hostname>%s</hostname>
                      <port>%d</port>
                      <socketType>%s</socketType>
                      <username>%%EMAILADDRESS%%</username>
                      <authentication>password-cleartext</authentication>
                    </%s>
                """.formatted(element, type, Xml.escape(hostname), e.port(), socketType(e.security()), element));
    }

    /** The password travels inside TLS either way: "cleartext" names the SASL mechanism (PLAIN/LOGIN/USER). */
    private static String socketType(Security security) {
        return switch (security) {
            case IMPLICIT_TLS -> "SSL";
            case STARTTLS -> "STARTTLS";
        };
    }
}
