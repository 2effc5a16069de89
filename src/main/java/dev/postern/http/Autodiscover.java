package dev.postern.http;

import dev.postern.http.ClientEndpoints.Endpoint;
import dev.postern.http.ClientEndpoints.Security;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Outlook's "plain old XML" Autodiscover, the 2006 request and 2006a response schemas
 * ([MS-OXDSCLI]): the request names an address, the response carries one POP3 and
 * one SMTP {@code <Protocol>}, the most preferred of each (Outlook uses the first of a type).
 */
final class Autodiscover {
    static final String REQUEST_NS = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006";
    static final String RESPONSE_NS = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
    static final String OUTLOOK_NS = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

    /** What a request asked: the address, and whether it accepts the Outlook response schema. */
    record Asked(String address, boolean outlookSchema) {}

    private Autodiscover() {
    }

    /** Parses a request body; empty when it is not an Autodiscover request with an address. */
    static Optional<Asked> parse(byte[] body) {
        Document doc;
        try {
            doc = parser().newDocumentBuilder().parse(new ByteArrayInputStream(body));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return Optional.empty();
        }
        String address = text(doc, "EMailAddress");
        if (address.isEmpty()) {
            return Optional.empty();
        }
        String schema = text(doc, "AcceptableResponseSchema");
        return Optional.of(new Asked(address, schema.isEmpty() || schema.equals(OUTLOOK_NS)));
    }

    /** No DTDs and no external entities: a request body must never make the server read a file. */
    private static DocumentBuilderFactory parser() throws ParserConfigurationException {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory;
    }

    private static String text(Document doc, String localName) {
        NodeList nodes = doc.getElementsByTagNameNS("*", localName);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
    }

    static String response(String address, ClientEndpoints endpoints) {
        StringBuilder out = new StringBuilder("""
                <?xml version="1.0" encoding="utf-8"?>
                <Autodiscover xmlns="%s">
                  <Response xmlns="%s">
                    <Account>
                      <AccountType>email</AccountType>
                      <Action>settings</Action>
                """.formatted(RESPONSE_NS, OUTLOOK_NS));
        first(endpoints.pop3()).ifPresent(e -> protocol(out, "POP3", address, endpoints.hostname(), e));
        first(endpoints.smtp()).ifPresent(e -> protocol(out, "SMTP", address, endpoints.hostname(), e));
        return out.append("    </Account>\n  </Response>\n</Autodiscover>\n").toString();
    }

    private static Optional<Endpoint> first(List<Endpoint> endpoints) {
        return endpoints.stream().findFirst();
    }

    private static void protocol(StringBuilder out, String type, String address, String hostname, Endpoint e) {
        // [MS-OXDSCLI] Encryption element: it overrides SSL; "SSL" = implicit TLS, "TLS" = STARTTLS.
        String encryption = e.security() == Security.IMPLICIT_TLS ? "SSL" : "TLS";
        out.append("""
                      <Protocol>
                        <Type>%s</Type>
                        <Server>%s</Server>
                        <Port>%d</Port>
                        <LoginName>%s</LoginName>
                        <DomainRequired>off</DomainRequired>
                        <SPA>off</SPA>
                        <SSL>on</SSL>
                        <Encryption>%s</Encryption>
                        <AuthRequired>on</AuthRequired>
                      </Protocol>
                """.formatted(type, Xml.escape(hostname), e.port(), Xml.escape(address), encryption));
    }
}
