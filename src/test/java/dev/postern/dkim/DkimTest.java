package dev.postern.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.dns.CachingLookup;
import dev.postern.dns.TestDns;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DkimTest {

    /** RFC 8463 Appendix A.3, byte for byte. */
    static final String RFC8463_SIGNED = String.join("\r\n",
            "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;",
            " d=football.example.com; i=@football.example.com;",
            " q=dns/txt; s=brisbane; t=1528637909; h=from : to :",
            " subject : date : message-id : from : subject : date;",
            " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;",
            " b=/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11Bus",
            " Fa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==",
            "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;",
            " d=football.example.com; i=@football.example.com;",
            " q=dns/txt; s=test; t=1528637909; h=from : to : subject :",
            " date : message-id : from : subject : date;",
            " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;",
            " b=F45dVWDfMbQDGHJFlXUNB2HKfbCeLRyhDXgFpEL8GwpsRe0IeIixNTe3",
            " DhCVlUrSjV4BwcVcOF6+FF3Zo9Rpo1tFOeS9mPYQTnGdaSGsgeefOsk2Jz",
            " dA+L10TeYt9BgDfQNZtKdN1WO//KgIqXP7OdEFE4LjFYNcUxZQ4FADY+8=",
            "From: Joe SixPack <joe@football.example.com>",
            "To: Suzie Q <suzie@shopping.example.net>",
            "Subject: Is dinner ready?",
            "Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)",
            "Message-ID: <20030712040037.46341.5F8J@football.example.com>",
            "",
            "Hi.",
            "",
            "We lost the game.  Are you hungry yet?",
            "",
            "Joe.",
            "",
            "");
    /** RFC 8463 Appendix A.2. */
    static final String RFC8463_ED_RECORD = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    static final String RFC8463_RSA_RECORD = "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWR"
            + "iGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutAC"
            + "DfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3"
            + "Ip3G+2kryOTIKT+l/K4w3QIDAQAB";
    /** RFC 8463 Appendix A.1: the Ed25519 secret key (the seed). */
    static final String RFC8463_ED_SECRET = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T04:00:00Z"), ZoneOffset.UTC);

    private final TestDns dns = new TestDns();
    private final DkimVerifier verifier = new DkimVerifier(
            new CachingLookup(List.of(dns.address()), Duration.ofSeconds(2), Duration.ofMinutes(5), CLOCK), CLOCK);

    DkimTest() throws Exception {
    }

    @AfterEach
    void stop() throws Exception {
        dns.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rfc6376Section345CanonicalizationExample() {
        byte[] message = bytes("A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n C \r\nD \t E\r\n\r\n\r\n");
        var split = MessageSplit.of(message);
        var relaxed = new StringBuilder();
        var simple = new StringBuilder();
        for (HeaderField field : split.headers().fields()) {
            relaxed.append(new String(Canonicalization.RELAXED.header(field), StandardCharsets.ISO_8859_1));
            simple.append(new String(Canonicalization.SIMPLE.header(field), StandardCharsets.ISO_8859_1));
        }
        assertThat(relaxed.toString()).isEqualTo("a:X\r\nb:Y Z\r\n");
        assertThat(simple.toString()).isEqualTo("A: X\r\nB : Y\t\r\n\tZ  \r\n");
        assertThat(body(Canonicalization.RELAXED, message, split.bodyOffset())).isEqualTo(" C\r\nD E\r\n");
        assertThat(body(Canonicalization.SIMPLE, message, split.bodyOffset())).isEqualTo(" C \r\nD \t E\r\n");
        assertThat(body(Canonicalization.RELAXED, new byte[0], 0)).isEmpty();
        assertThat(body(Canonicalization.SIMPLE, new byte[0], 0)).isEqualTo("\r\n");
        assertThat(body(Canonicalization.SIMPLE, bytes("\r\n\r\n"), 0)).isEqualTo("\r\n");
    }

    private static String body(Canonicalization canon, byte[] message, int offset) {
        var out = new StringBuilder();
        var body = canon.body(chunk -> out.append(new String(chunk, StandardCharsets.ISO_8859_1)));
        for (int i = offset; i < message.length; i++) {
            body.write(message[i]); // byte by byte: the state must carry across writes
        }
        body.finish();
        return out.toString();
    }

    @Test
    void rfc8463ExampleVerifiesUnderBothSignatures() throws Exception {
        dns.add("brisbane._domainkey.football.example.com", "TXT", Python.txt(RFC8463_ED_RECORD))
                .add("test._domainkey.football.example.com", "TXT", Python.txt(RFC8463_RSA_RECORD));
        var results = verifier.verify(bytes(RFC8463_SIGNED));
        assertThat(results).extracting(DkimResult::verdict, DkimResult::selector).containsExactly(
                org.assertj.core.groups.Tuple.tuple(DkimResult.Verdict.PASS, "brisbane"),
                org.assertj.core.groups.Tuple.tuple(DkimResult.Verdict.PASS, "test"));
    }

    @Test
    void rfc8463Ed25519SignatureIsReproducedFromTheSecretKey() throws Exception {
        byte[] seed = Base64.getDecoder().decode(RFC8463_ED_SECRET);
        byte[] pkcs8 = HexFormat.of().parseHex("302e020100300506032b657004220420");
        byte[] encoded = java.util.Arrays.copyOf(pkcs8, 48);
        System.arraycopy(seed, 0, encoded, 16, 32);
        var key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(encoded));
        assertThat(Base64.getEncoder().encodeToString(DkimAlgorithm.ED25519_SHA256.published(Ed25519Public.of(key))))
                .isEqualTo("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
        var split = MessageSplit.of(bytes(RFC8463_SIGNED));
        HeaderField signature = split.headers().fields().getFirst();
        byte[] data = SignedData.of(split.headers(), List.of("from", "to", "subject", "date", "message-id", "from",
                "subject", "date"), Canonicalization.RELAXED, signature);
        String b = Base64.getEncoder().encodeToString(DkimAlgorithm.ED25519_SHA256.sign(key, data));
        assertThat(b).isEqualTo("/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11BusFa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==");
    }

    @Test
    void tamperedMessagesFailAndASecondFromBreaksTheOversignedSignature() throws Exception {
        dns.add("brisbane._domainkey.football.example.com", "TXT", Python.txt(RFC8463_ED_RECORD))
                .add("test._domainkey.football.example.com", "TXT", Python.txt(RFC8463_RSA_RECORD));
        assertThat(verifier.verify(bytes(RFC8463_SIGNED.replace("hungry", "angry"))))
                .allSatisfy(r -> assertThat(r.reason()).isEqualTo("body hash did not verify"))
                .extracting(DkimResult::verdict).containsOnly(DkimResult.Verdict.FAIL);
        assertThat(verifier.verify(bytes(RFC8463_SIGNED.replace("From: Joe", "From: M <m@evil.test>\r\nFrom: Joe"))))
                .extracting(DkimResult::verdict).containsOnly(DkimResult.Verdict.FAIL);
        assertThat(verifier.verify(bytes(RFC8463_SIGNED.replace("Message-ID:", "X-Added: yes\r\nMessage-ID:"))))
                .extracting(DkimResult::verdict).containsOnly(DkimResult.Verdict.PASS);
    }

    @Test
    void revokedMissingAndUnreachableKeysAndBadTags() throws Exception {
        dns.add("brisbane._domainkey.football.example.com", "TXT", "\"v=DKIM1; k=ed25519; p=\"")
                .servfail("test._domainkey.football.example.com");
        var results = verifier.verify(bytes(RFC8463_SIGNED));
        assertThat(results).extracting(DkimResult::verdict)
                .containsExactly(DkimResult.Verdict.PERMERROR, DkimResult.Verdict.TEMPERROR);
        assertThat(results.getFirst().reason()).isEqualTo("key revoked");
        var noFrom = verifier.verify(bytes(RFC8463_SIGNED.replaceFirst("h=from : to :", "h=to :")));
        assertThat(noFrom.getFirst().verdict()).isEqualTo(DkimResult.Verdict.PERMERROR);
        var sha1 = verifier.verify(bytes(RFC8463_SIGNED.replace("a=rsa-sha256", "a=rsa-sha1")));
        assertThat(sha1.get(1).reason()).contains("unsupported algorithm");
        var outside = verifier.verify(bytes(RFC8463_SIGNED.replaceFirst("i=@football.example.com", "i=@evil.test")));
        assertThat(outside.getFirst().reason()).isEqualTo("i= is not within d=");
    }

    /** One python3 run verifies every message given as base64 message, space, key record per line. */
    private static final String PY_VERIFY = """
            import sys, base64, dkim
            for line in sys.stdin.read().splitlines():
                message, record = line.split(" ", 1)
                ok = dkim.verify(base64.b64decode(message), dnsfunc=lambda name, timeout=5: record.encode())
                print("pass" if ok else "fail")
            """;

    @Test
    void posternSignaturesVerifyWithPythonDkim() throws Exception {
        var jobs = new StringBuilder();
        for (DkimAlgorithm algorithm : DkimAlgorithm.values()) {
            KeyPair pair = KeyPem.generate(algorithm);
            var key = new SigningKey("example.test", "sel1", algorithm, pair.getPrivate(), pair.getPublic());
            byte[] message = bytes("From: Ann <ann@example.test>\r\nTo: bob@elsewhere.test\r\nSubject:  folded\r\n"
                    + "  subject line\r\nDate: Sun, 29 Nov 2026 04:00:00 +0000\r\nMessage-ID: <1@example.test>\r\n\r\n"
                    + "Hello  there, \r\n\r\nwith trailing lines\r\n\r\n\r\n");
            byte[] signed = new DkimSigner(CLOCK).sign(List.of(key), message);
            // the same message changed after signing: the verifier below can say "fail"
            byte[] changed = new String(signed, StandardCharsets.UTF_8).replace("Hello", "Jello").getBytes(StandardCharsets.UTF_8);
            for (byte[] m : List.of(signed, changed)) {
                jobs.append(Base64.getEncoder().encodeToString(m)).append(' ').append(key.txtRecord()).append('\n');
            }
        }
        var run = Python.run(PY_VERIFY, bytes(jobs.toString()));
        assertThat(run.out().lines().toList()).as(run.err()).containsExactly("pass", "fail", "pass", "fail");
    }

    /** One python3 run signs the message on stdin once per argument "selector canon algorithm secret". */
    private static final String PY_SIGN = """
            import sys, dkim
            message = sys.stdin.buffer.read()
            for job in sys.argv[1:]:
                selector, canon, algorithm, secret = job.split(" ", 3)
                h, b = canon.split("/")
                sig = dkim.sign(message, selector.encode(), b"signer.test", secret.encode(),
                                canonicalize=(h.encode(), b.encode()), signature_algorithm=algorithm.encode())
                sys.stdout.buffer.write(sig + b"=====\\n")
            """;

    @Test
    void pythonDkimSignaturesVerifyInPostern() throws Exception {
        byte[] message = bytes("From: Ann <ann@signer.test>\r\nTo: bob@example.test\r\nSubject: from python\r\n\r\n"
                + "A body \t with  spaces\r\n.dot line\r\n\r\n");
        var jobs = new java.util.ArrayList<String>();
        for (DkimAlgorithm algorithm : DkimAlgorithm.values()) {
            KeyPair pair = KeyPem.generate(algorithm);
            for (String canon : List.of("relaxed/relaxed", "simple/simple", "relaxed/simple")) {
                String selector = algorithm.keyType() + canon.replace("/", "-");
                var key = new SigningKey("signer.test", selector, algorithm, pair.getPrivate(), pair.getPublic());
                dns.add(key.dnsName(), "TXT", Python.txt(key.txtRecord()));
                byte[] encoded = pair.getPrivate().getEncoded();
                String secret = algorithm == DkimAlgorithm.RSA_SHA256 ? KeyPem.pem(pair.getPrivate())
                        : Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(encoded, 16, 48));
                jobs.add(selector + " " + canon + " " + algorithm.tag() + " " + secret);
            }
        }
        var run = Python.run(PY_SIGN, message, jobs.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        String[] signatures = run.out().split("=====\n");
        assertThat(signatures).hasSize(6);
        for (String signature : signatures) {
            assertThat(verifier.verify(concat(bytes(signature), message))).as(signature).singleElement()
                    .satisfies(r -> assertThat(r.verdict()).isEqualTo(DkimResult.Verdict.PASS));
        }
        // a body changed after python signed it fails here: the check above can fail
        assertThat(verifier.verify(concat(bytes(signatures[0]), bytes(new String(message, StandardCharsets.UTF_8)
                .replace("spaces", "space"))))).extracting(DkimResult::verdict).containsExactly(DkimResult.Verdict.FAIL);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
