package dev.postern.http;

import static dev.postern.http.Documents.child;
import static dev.postern.http.Documents.children;
import static dev.postern.http.Documents.parse;
import static dev.postern.http.Documents.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.http.ClientEndpoints.Endpoint;
import dev.postern.http.ClientEndpoints.Security;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The listener over real HTTP on 127.0.0.1, asked by the JDK's HTTP client. */
class HttpListenerTest {
    static final ClientEndpoints ENDPOINTS = new ClientEndpoints("mx.example.test",
            List.of(new Endpoint("pop3s", 995, Security.IMPLICIT_TLS), new Endpoint("pop3", 110, Security.STARTTLS)),
            List.of(new Endpoint("submissions", 465, Security.IMPLICIT_TLS),
                    new Endpoint("submission", 587, Security.STARTTLS), new Endpoint("smtp", 2525, Security.STARTTLS)));
    static final String METRICS = "# TYPE postern_test_total counter\npostern_test_total 7\n";

    static HttpListener listener;
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void open() throws Exception {
        listener = HttpListener.open(List.of(new InetSocketAddress("127.0.0.1", 0)), Optional.empty(),
                new HttpListener.Site(ENDPOINTS, "example.test"::equals, () -> METRICS));
    }

    @AfterAll
    static void close() {
        listener.close();
    }

    static HttpResponse<byte[]> get(String pathAndQuery) throws Exception {
        var uri = URI.create("http://127.0.0.1:" + listener.ports().getFirst() + pathAndQuery);
        return CLIENT.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<byte[]> post(String path, String body) throws Exception {
        var uri = URI.create("http://127.0.0.1:" + listener.ports().getFirst() + path);
        return CLIENT.send(HttpRequest.newBuilder(uri).header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String autodiscoverRequest(String address) {
        return """
                <?xml version="1.0" encoding="utf-8"?>
                <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
                  <Request>
                    <EMailAddress>%s</EMailAddress>
                    <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>
                  </Request>
                </Autodiscover>
                """.formatted(address);
    }

    static String query(String address) {
        return "?emailaddress=" + URLEncoder.encode(address, StandardCharsets.UTF_8);
    }

    @Test
    void autoconfigListsEveryPop3AndSmtpEndpointWithPasswordAuthentication() throws Exception {
        for (String path : List.of(Routes.AUTOCONFIG, Routes.AUTOCONFIG_LEGACY)) {
            var response = get(path + query("alice@example.test"));
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("xml"));
            Element root = parse(response.body()).getDocumentElement();
            assertThat(root.getLocalName()).isEqualTo("clientConfig");
            assertThat(root.getAttribute("version")).isEqualTo("1.1");
            Element provider = child(root, "emailProvider");
            assertThat(provider.getAttribute("id")).isEqualTo("example.test");
            assertThat(text(provider, "domain")).isEqualTo("example.test");
            assertThat(text(provider, "displayName")).isNotBlank();
            assertThat(servers(provider, "incomingServer")).containsExactly(
                    "pop3 mx.example.test:995 SSL password-cleartext %EMAILADDRESS%",
                    "pop3 mx.example.test:110 STARTTLS password-cleartext %EMAILADDRESS%");
            assertThat(servers(provider, "outgoingServer")).containsExactly(
                    "smtp mx.example.test:465 SSL password-cleartext %EMAILADDRESS%",
                    "smtp mx.example.test:587 STARTTLS password-cleartext %EMAILADDRESS%",
                    "smtp mx.example.test:2525 STARTTLS password-cleartext %EMAILADDRESS%");
        }
    }

    private static List<String> servers(Element provider, String element) {
        return children(provider, element).stream().map(s -> s.getAttribute("type") + " " + text(s, "hostname") + ":"
                + text(s, "port") + " " + text(s, "socketType") + " " + text(s, "authentication") + " "
                + text(s, "username")).toList();
    }

    @Test
    void autoconfigRefusesAnAddressOutsideTheHostedDomainsAndAsksForAMissingOne() throws Exception {
        assertThat(get(Routes.AUTOCONFIG + query("bob@elsewhere.test")).statusCode()).isEqualTo(404);
        assertThat(get(Routes.AUTOCONFIG + query("not an address")).statusCode()).isEqualTo(404);
        var missing = get(Routes.AUTOCONFIG);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(new String(missing.body(), StandardCharsets.UTF_8)).contains("emailaddress=");
    }

    @Test
    void autodiscoverAnswersBothSpellingsWithThe2006aSchemaAndAuthRequired() throws Exception {
        for (String path : List.of("/autodiscover/autodiscover.xml", "/Autodiscover/Autodiscover.xml")) {
            var response = post(path, autodiscoverRequest("alice@example.test"));
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            Element root = parse(response.body()).getDocumentElement();
            assertThat(root.getLocalName()).isEqualTo("Autodiscover");
            assertThat(root.getNamespaceURI()).isEqualTo(Autodiscover.RESPONSE_NS);
            Element account = child(child(root, "Response"), "Account");
            assertThat(child(root, "Response").getNamespaceURI()).isEqualTo(Autodiscover.OUTLOOK_NS);
            assertThat(text(account, "AccountType")).isEqualTo("email");
            assertThat(text(account, "Action")).isEqualTo("settings");
            assertThat(children(account, "Protocol").stream().map(HttpListenerTest::protocol)).containsExactly(
                    "POP3 mx.example.test:995 alice@example.test SSL=on SSL auth=on SPA=off",
                    "SMTP mx.example.test:465 alice@example.test SSL=on SSL auth=on SPA=off");
        }
    }

    private static String protocol(Element p) {
        return text(p, "Type") + " " + text(p, "Server") + ":" + text(p, "Port") + " " + text(p, "LoginName")
                + " SSL=" + text(p, "SSL") + " " + text(p, "Encryption") + " auth=" + text(p, "AuthRequired")
                + " SPA=" + text(p, "SPA");
    }

    @Test
    void autodiscoverEscapesTheAddressItWritesBack() throws Exception {
        String odd = "o'brien&co<x>\"q\"@example.test";
        String escaped = Xml.escape(odd);
        var response = post(Routes.AUTODISCOVER, autodiscoverRequest(escaped));
        // '<' and '>' are not allowed in a requested address: refused before any document is built.
        assertThat(response.statusCode()).isEqualTo(404);
        String fine = "o'brien&co\"q\"@example.test";
        response = post(Routes.AUTODISCOVER, autodiscoverRequest(Xml.escape(fine)));
        assertThat(response.statusCode()).isEqualTo(200);
        Element account = child(child(parse(response.body()).getDocumentElement(), "Response"), "Account");
        assertThat(children(account, "Protocol")).allSatisfy(p -> assertThat(text(p, "LoginName")).isEqualTo(fine));
    }

    @Test
    void autodiscoverRefusesOtherDomainsBadBodiesDoctypesAndGet() throws Exception {
        assertThat(post(Routes.AUTODISCOVER, autodiscoverRequest("bob@elsewhere.test")).statusCode()).isEqualTo(404);
        assertThat(post(Routes.AUTODISCOVER, "not xml").statusCode()).isEqualTo(400);
        assertThat(post(Routes.AUTODISCOVER, "<Autodiscover/>").statusCode()).isEqualTo(400);
        String entity = """
                <?xml version="1.0"?>
                <!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/hostname">]>
                <Autodiscover><Request><EMailAddress>&x;@example.test</EMailAddress></Request></Autodiscover>
                """;
        assertThat(post(Routes.AUTODISCOVER, entity).statusCode()).isEqualTo(400);
        String mobileSync = autodiscoverRequest("alice@example.test").replace("outlook/responseschema/2006a",
                "mobilesync/responseschema/2006");
        assertThat(post(Routes.AUTODISCOVER, mobileSync).statusCode()).isEqualTo(404);
        var get = get(Routes.AUTODISCOVER);
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
        assertThat(post(Routes.AUTODISCOVER, "x".repeat(70_000)).statusCode()).isEqualTo(413);
    }

    @Test
    void appleProfileIsAPlistWithOnePopAccount() throws Exception {
        var response = get("/apple/alice@example.test.mobileconfig");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains(AppleProfile.CONTENT_TYPE);
        var profile = Plist.dict(parse(response.body()));
        assertThat(profile).containsEntry("PayloadType", "Configuration").containsEntry("PayloadVersion", "1");
        assertThat((String) profile.get("PayloadUUID")).matches("[0-9A-F-]{36}");
        assertThat((String) profile.get("PayloadIdentifier")).isNotBlank();
        @SuppressWarnings("unchecked")
        var accounts = (List<java.util.Map<String, Object>>) profile.get("PayloadContent");
        assertThat(accounts).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("PayloadType", "com.apple.mail.managed")
                .containsEntry("EmailAccountType", "EmailTypePOP")
                .containsEntry("EmailAddress", "alice@example.test")
                .containsEntry("IncomingMailServerHostName", "mx.example.test")
                .containsEntry("IncomingMailServerPortNumber", "995")
                .containsEntry("IncomingMailServerUseSSL", true)
                .containsEntry("IncomingMailServerAuthentication", "EmailAuthPassword")
                .containsEntry("IncomingMailServerUsername", "alice@example.test")
                .containsEntry("OutgoingMailServerHostName", "mx.example.test")
                .containsEntry("OutgoingMailServerPortNumber", "465")
                .containsEntry("OutgoingMailServerUseSSL", true)
                .containsEntry("OutgoingMailServerUsername", "alice@example.test")
                .containsKey("PayloadUUID"));
        var byQuery = get("/apple/" + query("alice@example.test"));
        assertThat(byQuery.body()).isEqualTo(response.body());
        assertThat(get("/apple/bob@elsewhere.test.mobileconfig").statusCode()).isEqualTo(404);
    }

    @Test
    void healthzAndMetrics() throws Exception {
        var health = get("/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(new String(health.body(), StandardCharsets.UTF_8)).isEqualTo("ok\n");
        var metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/plain; version=0.0.4"));
        assertThat(new String(metrics.body(), StandardCharsets.UTF_8)).isEqualTo(METRICS);
        assertThat(get("/nothing/here").statusCode()).isEqualTo(404);
        var head = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listener.ports().getFirst()
                + "/healthz")).HEAD().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void anAddressInUseIsAnErrorNamingTheKey() {
        var taken = new InetSocketAddress("127.0.0.1", listener.ports().getFirst());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpListener.open(List.of(taken), Optional.empty(),
                        new HttpListener.Site(ENDPOINTS, d -> true, () -> "")))
                .isInstanceOf(java.net.BindException.class)
                .hasMessageStartingWith("http.listen 127.0.0.1:" + taken.getPort() + ": ");
    }
}
