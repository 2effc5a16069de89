package dev.postern.e2e;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.accounts.AccountStore;
import dev.postern.dkim.DkimAlgorithm;
import dev.postern.dkim.DkimKeys;
import dev.postern.dkim.DkimSigner;
import dev.postern.dkim.SigningKey;
import dev.postern.dns.TestDns;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server whose {@code dns.servers} is a DNS server on loopback serving SPF, DKIM and DMARC
 * records: signing at submission (checked by Debian's python3-dkim), and the checks on port 25.
 */
class AuthenticityEndToEndTest {

    @TempDir
    Path dir;
    TestDns dns;
    E2eServer server;

    @BeforeEach
    void start() throws Exception {
        dns = new TestDns();
        server = E2eServer.configure(dir, "auth.allow_plaintext_loopback = true\n", "alice@example.test", "bob@example.test");
        // the harness points DNS at a closed port; these tests need the loopback server instead
        Files.writeString(server.config, Files.readString(server.config).replace("dns.servers = 127.0.0.1:9",
                "dns.servers = 127.0.0.1:" + dns.address().getPort()));
        server.cli("", "dkim", "generate", "example.test", "--selector", "mail");
        server.cli("", "domain", "add", "other.test");
        server.cli("", "dkim", "generate", "other.test", "--algorithm", "ed25519");
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        dns.close();
    }

    private static String send(Wire wire, String from, String to, String message) throws Exception {
        assertThat(wire.command("MAIL FROM:<" + from + ">").getLast()).startsWith("250 ");
        assertThat(wire.command("RCPT TO:<" + to + ">").getLast()).startsWith("250 ");
        assertThat(wire.command("DATA").getLast()).startsWith("354 ");
        wire.send((message + ".\r\n").getBytes(StandardCharsets.UTF_8));
        return wire.last();
    }

    private String port25(String from, String message) throws Exception {
        try (Wire wire = Wire.connect(server.port("smtp"))) {
            assertThat(wire.last()).startsWith("220 ");
            assertThat(wire.command("EHLO client.remote.test").getLast()).startsWith("250 ");
            return send(wire, from, "bob@example.test", message);
        }
    }

    @Test
    void submittedMailIsSignedOnceAndPythonDkimVerifiesIt() throws Exception {
        String token = "signed-" + UUID.randomUUID();
        try (Wire wire = Wire.connect(server.port("submission"))) {
            assertThat(wire.last()).startsWith("220 ");
            assertThat(wire.command("EHLO laptop").getLast()).startsWith("250 ");
            String plain = Base64.getEncoder().encodeToString("\0alice@example.test\0secret-password".getBytes(ISO_8859_1));
            assertThat(wire.command("AUTH PLAIN " + plain).getLast()).startsWith("235 ");
            assertThat(send(wire, "alice@example.test", "bob@example.test", "From: Alice <alice@example.test>\r\n"
                    + "To: bob@example.test\r\nSubject: " + token + "\r\n\r\nSigned  body \r\n\r\n"))
                    .startsWith("250 ");
        }
        byte[] stored = server.awaitMailWith("bob", token);
        String text = new String(stored, ISO_8859_1);
        assertThat(text.split("DKIM-Signature:", -1)).hasSize(2); // exactly one signature
        assertThat(text).contains("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.test; s=mail;")
                .doesNotContain("Authentication-Results:");
        String record;
        try (var store = AccountStore.open(dir.resolve("data/postern.db"))) {
            record = new DkimKeys(store.dataSource(), Clock.systemUTC()).active("example.test").getFirst().txtRecord();
        }
        assertThat(pythonVerify(stored, record)).isEqualTo("pass");
        assertThat(pythonVerify(text.replace("Signed", "Forged").getBytes(ISO_8859_1), record)).isEqualTo("fail");
    }

    /** One customer's login does not get another hosted domain's signature on a From it forged. */
    @Test
    void aUserIsNotSignedForAnotherHostedDomain() throws Exception {
        String token = "other-" + UUID.randomUUID();
        try (Wire wire = Wire.connect(server.port("submission"))) {
            assertThat(wire.last()).startsWith("220 ");
            assertThat(wire.command("EHLO laptop").getLast()).startsWith("250 ");
            String plain = Base64.getEncoder().encodeToString("\0alice@example.test\0secret-password".getBytes(ISO_8859_1));
            assertThat(wire.command("AUTH PLAIN " + plain).getLast()).startsWith("235 ");
            assertThat(send(wire, "alice@example.test", "bob@example.test", "From: Boss <boss@other.test>\r\n"
                    + "Subject: " + token + "\r\n\r\npay this\r\n")).startsWith("250 ");
        }
        assertThat(new String(server.awaitMailWith("bob", token), ISO_8859_1)).doesNotContain("DKIM-Signature");
    }

    private static String pythonVerify(byte[] message, String record) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", """
                import sys, dkim
                record = sys.argv[1].encode()
                print("pass" if dkim.verify(sys.stdin.buffer.read(), dnsfunc=lambda name, timeout=5: record) else "fail")
                """, record).start();
        p.getOutputStream().write(message);
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void ourOwnDomainFromAnUnauthenticatedClientIsRefused() throws Exception {
        String reply = port25("ceo@example.test", "From: CEO <ceo@example.test>\r\nSubject: wire money\r\n\r\nnow\r\n");
        assertThat(reply).startsWith("550 5.7.1 ").contains("without SPF or DKIM for example.test");
        // the same with an outside envelope but our domain in From
        reply = port25("x@outside.test", "From: CEO <ceo@example.test>\r\nSubject: wire money\r\n\r\nnow\r\n");
        assertThat(reply).startsWith("550 5.7.1 ");
    }

    @Test
    void dmarcRejectIsRefusedQuarantineIsMarkedAndDnsFailureDefers() throws Exception {
        dns.add("bank.test", "TXT", "\"v=spf1 ip4:192.0.2.1 -all\"").add("_dmarc.bank.test", "TXT", "\"v=DMARC1; p=reject\"")
                .add("shop.test", "TXT", "\"v=spf1 ip4:192.0.2.1 -all\"")
                .add("_dmarc.shop.test", "TXT", "\"v=DMARC1; p=quarantine\"")
                .servfail("flaky.test").add("_dmarc.flaky.test", "TXT", "\"v=DMARC1; p=reject\"");
        String rejected = port25("info@bank.test", "From: Bank <info@bank.test>\r\nSubject: verify\r\n\r\nclick\r\n");
        assertThat(rejected).startsWith("550 5.7.1 Message rejected: bank.test publishes a DMARC reject policy");
        String token = "quarantine-" + UUID.randomUUID();
        assertThat(port25("news@shop.test", "From: news@shop.test\r\nSubject: " + token + "\r\n\r\nsale\r\n"))
                .startsWith("250 ");
        String marked = new String(server.awaitMailWith("bob", token), ISO_8859_1);
        assertThat(marked).contains("Authentication-Results: mx.example.test;\r\n\tspf=fail smtp.mailfrom=news@shop.test;"
                + "\r\n\tdkim=none;\r\n\tdmarc=fail header.from=shop.test\r\n");
        assertThat(port25("x@flaky.test", "From: x@flaky.test\r\nSubject: s\r\n\r\nb\r\n")).startsWith("451 4.4.3 ");
    }

    @Test
    void dkimSignedMailPassesDmarcAndForgedResultsWithOurIdAreRemoved() throws Exception {
        var generator = KeyPairGenerator.getInstance("Ed25519");
        var pair = generator.generateKeyPair();
        var key = new SigningKey("bank.test", "k1", DkimAlgorithm.ED25519_SHA256, pair.getPrivate(), pair.getPublic());
        dns.add("k1._domainkey.bank.test", "TXT", "\"" + key.txtRecord() + "\"")
                .add("bank.test", "TXT", "\"v=spf1 -all\"").add("_dmarc.bank.test", "TXT", "\"v=DMARC1; p=reject\"");
        String token = "forwarded-" + UUID.randomUUID();
        byte[] message = ("Authentication-Results: mx.example.test; dkim=pass header.d=paypal.test\r\n"
                + "Authentication-Results: (forged) MX.EXAMPLE.TEST;\r\n spf=pass\r\n"
                + "Authentication-Results: other.test; spf=pass smtp.mailfrom=x@other.test\r\n"
                + "From: Bank <info@bank.test>\r\nSubject: " + token + "\r\n\r\nstatement\r\n").getBytes(ISO_8859_1);
        byte[] signed = new DkimSigner(Clock.systemUTC()).sign(List.of(key), message);
        // a forwarder: the envelope is theirs, SPF of bank.test fails, the aligned DKIM signature carries DMARC
        String reply = port25("fwd@bank.test", new String(signed, ISO_8859_1));
        assertThat(reply).startsWith("250 ");
        String stored = new String(server.awaitMailWith("bob", token), ISO_8859_1);
        assertThat(stored).contains("\tdkim=pass header.d=bank.test header.s=k1 header.b=")
                .contains("\tdmarc=pass header.from=bank.test\r\n")
                .contains("Authentication-Results: other.test; spf=pass smtp.mailfrom=x@other.test\r\n")
                .doesNotContain("paypal").doesNotContain("(forged)");
        assertThat(stored.split("Authentication-Results: mx.example.test", -1)).hasSize(2);
    }

    @Test
    void injectionThroughTheSenderAndSignatureTagsStaysOutOfTheField() throws Exception {
        String token = "inject-" + UUID.randomUUID();
        String message = "DKIM-Signature: v=1; a=rsa-sha256; d=evil.test; dmarc=pass; s=x; h=from; bh=AAAA; b=AAAA\r\n"
                + "DKIM-Signature: v=1; a=rsa-sha256; d=evil.test\r\n\tdkim=pass; s=x; h=from; bh=AAAA; b=AAAA\r\n"
                + "From: \"a@bank.test; dmarc=pass\" <x@odd.test>\r\nSubject: " + token + "\r\n\r\nb\r\n";
        try (Wire wire = Wire.connect(server.port("smtp"))) {
            assertThat(wire.last()).startsWith("220 ");
            assertThat(wire.command("EHLO client.remote.test").getLast()).startsWith("250 ");
            assertThat(send(wire, "\"a;dkim=pass\"@odd.test", "bob@example.test", message)).startsWith("250 ");
        }
        String stored = new String(server.awaitMailWith("bob", token), ISO_8859_1);
        int start = stored.indexOf("Authentication-Results: mx.example.test;");
        String field = stored.substring(start, stored.indexOf("\r\nDKIM-Signature", start));
        assertThat(field).isEqualTo("Authentication-Results: mx.example.test;\r\n\tspf=none smtp.mailfrom=odd.test;"
                + "\r\n\tdkim=fail header.d=evil.test header.s=x header.b=AAAA;" // unknown tags are ignored (RFC 6376 §3.2)
                + "\r\n\tdkim=permerror;\r\n\tdmarc=none header.from=odd.test"); // d= with "dkim=pass" folded in
    }
}
