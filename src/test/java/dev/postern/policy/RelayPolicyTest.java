package dev.postern.policy;

import dev.postern.net.Cidr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.smtp.MailAddress;
import dev.postern.smtp.Reply;
import dev.postern.smtp.Status;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class RelayPolicyTest {

    private final RelayPolicy policy = new RelayPolicy(
            Stream.of("127.0.0.0/8", "192.0.2.0/24", "2001:db8:1::/48").map(Cidr::parse).toList());

    /** One row of relay-decisions.table. */
    record Row(String line, RelayRequest request, String expected) {
        @Override
        public String toString() {
            return line;
        }
    }

    static Stream<Row> table() throws IOException {
        try (InputStream in = RelayPolicyTest.class.getResourceAsStream("relay-decisions.table")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(RelayPolicyTest::row).toList().stream();
        }
    }

    private static Row row(String line) {
        String[] f = line.split("\\|");
        var request = new RelayRequest(MailAddress.parse(f[0].strip()), f[1].strip().equals("yes"),
                f[2].strip().equals("-") ? Optional.empty() : Optional.of(f[2].strip()),
                InetAddress.ofLiteral(f[3].strip()), f[4].strip().equals("yes"));
        return new Row(line, request, f[5].strip());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decidesAsTheGoldenTableSays(Row row) {
        var decision = policy.decide(row.request());

        String[] expected = row.expected().split(" ");
        if (expected[0].equals("accept")) {
            assertThat(decision).isEqualTo(new Decision.Accept(Decision.Ground.valueOf(expected[1])));
        } else {
            assertThat(decision).isEqualTo(new Decision.Refuse(refusal(expected[1])));
        }
    }

    private static Reply refusal(String domain) {
        return new Reply(550, Status.DELIVERY_NOT_AUTHORIZED, List.of(
                "Relaying denied: you must authenticate before sending to " + domain + ".",
                "Turn on \"My outgoing server (SMTP) requires authentication\" in your mail program"
                        + " and use your mailbox's username and password."));
    }

    @Test
    void theRefusalReadsAsACustomerCanActOnIt() {
        var decision = policy.decide(new RelayRequest(MailAddress.parse("friend@elsewhere.test"), false,
                Optional.empty(), InetAddress.ofLiteral("203.0.113.9"), false));

        var reply = ((Decision.Refuse) decision).reply();
        assertThat(reply.wire()).isEqualTo(
                "550-5.7.1 Relaying denied: you must authenticate before sending to elsewhere.test.\r\n"
                + "550 5.7.1 Turn on \"My outgoing server (SMTP) requires authentication\" in your mail program"
                + " and use your mailbox's username and password.\r\n");
        assertThat(reply.lines()).allSatisfy(line -> assertThat(line.length()).isLessThan(200));
    }

    @Test
    void withPopBeforeSmtpOnTheRefusalAlsoNamesCheckingMailFirst() {
        var withGrants = new RelayPolicy(List.of(), java.time.Duration.ofMinutes(30));
        var decision = withGrants.decide(new RelayRequest(MailAddress.parse("friend@elsewhere.test"), false,
                Optional.empty(), InetAddress.ofLiteral("203.0.113.9"), false));

        assertThat(((Decision.Refuse) decision).reply().wire()).endsWith(
                "550 5.7.1 Or check your mail (POP3) first: that lets your address send for the next 30 minutes.\r\n");
    }

    @Test
    void anAbsurdlyLongDomainStillGivesLinesUnder200Characters() {
        String domain = "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + ".test";
        var decision = policy.decide(new RelayRequest(new MailAddress("x", domain), false,
                Optional.empty(), InetAddress.ofLiteral("203.0.113.9"), false));

        assertThat(((Decision.Refuse) decision).reply().lines())
                .allSatisfy(line -> assertThat(line.length()).isLessThan(200));
    }
}
