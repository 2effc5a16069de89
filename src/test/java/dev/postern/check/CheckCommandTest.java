package dev.postern.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.cli.PosternCommand;
import dev.postern.dns.TestDns;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code postern check} as an admin runs it, against a DNS server on 127.0.0.1 that the test fills. */
class CheckCommandTest {
    @TempDir
    Path dir;
    TestDns dns;
    Path config;

    @BeforeEach
    void setUp() throws Exception {
        dns = new TestDns();
        config = writeConfig("127.0.0.1:" + dns.address().getPort());
        assertThat(run("init").exit()).isZero();
        assertThat(run("domain", "add", "example.test").exit()).isZero();
    }

    @AfterEach
    void tearDown() throws Exception {
        dns.close();
    }

    private Path writeConfig(String dnsServers) throws Exception {
        Path file = dir.resolve("postern.conf");
        Files.writeString(file, """
                hostname = mx.example.test
                data_dir = %s
                smtp.listen = 0.0.0.0:25, 0.0.0.0:2525
                submission.listen = 0.0.0.0:587
                submissions.listen = 0.0.0.0:465
                pop3.listen = 0.0.0.0:110
                pop3s.listen = 0.0.0.0:995
                http.listen = 127.0.0.1:8080
                dns.servers = %s
                """.formatted(dir.resolve("data"), dnsServers));
        return file;
    }

    record Run(int exit, String out, String err) {
        List<String> lines() {
            return Arrays.stream(out.split("\n")).map(String::strip).toList();
        }
    }

    private Run run(String... args) {
        var line = PosternCommand.commandLine();
        var out = new StringWriter();
        var err = new StringWriter();
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        String[] full = Arrays.copyOf(args, args.length + 2);
        full[args.length] = "--config";
        full[args.length + 1] = config.toString();
        return new Run(line.execute(full), out.toString(), err.toString());
    }

    private void publishAll() throws Exception {
        dns.add("example.test", "MX", "10 mx.example.test.")
                .add("example.test", "TXT", "\"google-site-verification=abc\"")
                .add("example.test", "TXT", "\"v=spf1 mx ~all\"")
                .add("_dmarc.example.test", "TXT", "\"v=DMARC1; p=quarantine\"")
                .add("_submissions._tcp.example.test", "SRV", "0 1 465 mx.example.test.")
                .add("_submission._tcp.example.test", "SRV", "10 1 587 mx.example.test.")
                .add("_pop3s._tcp.example.test", "SRV", "0 1 995 mx.example.test.")
                .add("_pop3._tcp.example.test", "SRV", "10 1 110 mx.example.test.")
                .add("_imaps._tcp.example.test", "SRV", "0 0 0 .")
                .add("_imap._tcp.example.test", "SRV", "0 0 0 .")
                .add("autoconfig.example.test", "CNAME", "mx.example.test.")
                .add("autodiscover.example.test", "CNAME", "MX.example.test.")
                .add("_autodiscover._tcp.example.test", "SRV", "0 0 443 mx.example.test.");
    }

    @Test
    void everyRecordPublishedMeansNoProblemsAndExitZero() throws Exception {
        publishAll();
        Run run = run("check");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.lines()).contains("no problems found")
                .anySatisfy(l -> assertThat(l).matches("ok\\s+example\\.test\\.\\s+MX\\s+10 mx\\.example\\.test\\..*"))
                .anySatisfy(l -> assertThat(l).matches(
                        "ok\\s+_submissions\\._tcp\\.example\\.test\\.\\s+SRV\\s+0 1 465 mx\\.example\\.test\\..*"))
                .anySatisfy(l -> assertThat(l).matches(
                        "ok\\s+_submission\\._tcp\\.example\\.test\\.\\s+SRV\\s+10 1 587 mx\\.example\\.test\\..*"))
                .anySatisfy(l -> assertThat(l).matches("ok\\s+_imap\\._tcp\\.example\\.test\\.\\s+SRV\\s+0 0 0 \\..*"))
                .anySatisfy(l -> assertThat(l).matches(
                        "ok\\s+autodiscover\\.example\\.test\\.\\s+CNAME\\s+mx\\.example\\.test\\..*"))
                .noneSatisfy(l -> assertThat(l).startsWith("MISSING"))
                .noneSatisfy(l -> assertThat(l).startsWith("DIFFERS"));
        // The certificate postern init made: names the host, valid for years, but self-signed.
        assertThat(run.out()).contains("names [mx.example.test]").contains("self-signed");
        assertThat(dns.queries).contains("_dmarc.example.test./TXT", "autoconfig.example.test./CNAME");
    }

    /** Issue 11: each active or pending DKIM key's record is listed, looked up and judged by its p=. */
    @Test
    void dkimKeyRecordsAreListedAndJudgedByTheirPublicKey() throws Exception {
        publishAll();
        Run without = run("check");
        assertThat(without.out()).contains("no DKIM key for example.test");
        assertThat(run("dkim", "generate", "example.test", "--selector", "s1").exit()).isZero();
        Run missing = run("check");
        assertThat(missing.exit()).as(missing.out()).isEqualTo(1);
        assertThat(missing.lines()).anySatisfy(l -> assertThat(l)
                .matches("MISSING\\s+s1\\._domainkey\\.example\\.test\\.\\s+TXT\\s+\"v=DKIM1; k=rsa; p=.*"));
        assertThat(missing.out()).doesNotContain("no DKIM key for");
        // What an admin pastes into the zone: the printed record, in quoted strings of at most 255 octets.
        String record = missing.lines().stream().filter(l -> l.startsWith("MISSING")).findFirst().orElseThrow();
        String zone = record.substring(record.indexOf('"'), record.lastIndexOf('"') + 1);
        assertThat(zone.split("\" \"")).hasSizeGreaterThan(1).allSatisfy(part -> assertThat(part.length()).isLessThanOrEqualTo(256));
        dns.add("s1._domainkey.example.test", "TXT", zone);
        Run published = run("check");
        assertThat(published.exit()).as(published.out()).isZero();
        assertThat(published.lines()).anySatisfy(l -> assertThat(l).matches("ok\\s+s1\\._domainkey\\.example\\.test\\..*"));
    }

    @Test
    void missingAndWrongRecordsAreMarkedAndTheExitIsOne() throws Exception {
        dns.add("example.test", "MX", "10 mail.other.test.")
                .add("example.test", "TXT", "\"v=spf1 -all\"")
                .add("_submission._tcp.example.test", "SRV", "0 1 2587 mx.example.test.")
                .add("autoconfig.example.test", "CNAME", "mx.example.test.");
        Run run = run("check");
        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        assertThat(run.lines())
                .anySatisfy(l -> assertThat(l).matches("DIFFERS\\s+example\\.test\\.\\s+MX\\s+10 mx\\.example\\.test\\..*"))
                .anySatisfy(l -> assertThat(l).matches("found 10 mail\\.other\\.test\\."))
                .anySatisfy(l -> assertThat(l).matches("DIFFERS\\s+example\\.test\\.\\s+TXT\\s+\"v=spf1 mx ~all\".*"))
                .anySatisfy(l -> assertThat(l).matches("found v=spf1 -all"))
                .anySatisfy(l -> assertThat(l).matches("MISSING\\s+_dmarc\\.example\\.test\\.\\s+TXT\\s+"
                        + "\"v=DMARC1; p=none; rua=mailto:postmaster@example\\.test\".*"))
                .anySatisfy(l -> assertThat(l).matches("DIFFERS\\s+_submission\\._tcp\\.example\\.test\\..*"))
                .anySatisfy(l -> assertThat(l).matches("MISSING\\s+_pop3s\\._tcp\\.example\\.test\\.\\s+SRV\\s+0 1 995.*"))
                .anySatisfy(l -> assertThat(l).matches("ok\\s+autoconfig\\.example\\.test\\.\\s+CNAME.*"))
                .anySatisfy(l -> assertThat(l).matches("MISSING\\s+autodiscover\\.example\\.test\\.\\s+CNAME.*"))
                .anySatisfy(l -> assertThat(l).matches(
                        "MISSING\\s+_autodiscover\\._tcp\\.example\\.test\\.\\s+SRV\\s+0 1 443 mx\\.example\\.test\\..*"))
                .anySatisfy(l -> assertThat(l).matches("\\d+ problems found"));
    }

    @Test
    void unreachableDnsIsSaidOnceAndNothingCountsAsMissing() throws Exception {
        // A name the test server never answers: the first question times out, the rest are not asked.
        dns.silent("example.test");
        Run run = run("check");
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("DNS did not answer").doesNotContain("MISSING");
        assertThat(run.lines()).anySatisfy(l -> assertThat(l).matches("-\\s+example\\.test\\.\\s+MX.*"));
        assertThat(dns.queries).containsExactly("example.test./MX");
    }

    @Test
    void noDnsPrintsTheRecordsWithoutAsking() {
        Run run = run("check", "--no-dns");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("DNS records to publish for example.test").contains("_pop3s._tcp.example.test.");
        assertThat(dns.queries).isEmpty();
    }

    @Test
    void aBadConfigIsAnErrorNamingTheKey() throws Exception {
        Files.writeString(config, "http.tls = maybe\n", java.nio.file.StandardOpenOption.APPEND);
        Run run = run("check");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("http.tls");
    }

    @Test
    void aCertificateForAnotherNameIsAnError() throws Exception {
        Files.writeString(config, Files.readString(config).replace("hostname = mx.example.test",
                "hostname = mail.example.test"));
        Run run = run("check", "--no-dns");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.lines()).anySatisfy(l -> assertThat(l).matches("error\\s+the certificate does not name hostname "
                + "mail\\.example\\.test.*"));
    }

    @Test
    void httpsOnTheListenerItselfIsAdvertisedAndTheCertificateMustNameTheClientHosts() throws Exception {
        Files.writeString(config, Files.readString(config).replace("http.listen = 127.0.0.1:8080",
                "http.listen = 127.0.0.1:8443\nhttp.tls = true"));
        Run run = run("check", "--no-dns");
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.lines())
                .anySatisfy(l -> assertThat(l).matches("-\\s+_autodiscover\\._tcp\\.example\\.test\\.\\s+SRV\\s+0 1 8443 .*"))
                .anySatisfy(l -> assertThat(l).matches("warning\\s+the certificate does not name autoconfig\\.example\\.test.*"))
                .anySatisfy(l -> assertThat(l).matches("warning\\s+the certificate does not name autodiscover\\.example\\.test.*"))
                .contains("no problems found (DNS records not checked)");
    }
}
