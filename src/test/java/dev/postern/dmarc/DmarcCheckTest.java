package dev.postern.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.dkim.DkimResult;
import dev.postern.dkim.HeaderBlock;
import dev.postern.dns.CachingLookup;
import dev.postern.dns.TestDns;
import dev.postern.spf.SpfResult;
import dev.postern.spf.SpfVerdict;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Alignment and policies against records served by a loopback DNS server. */
class DmarcCheckTest {

    private final TestDns dns = new TestDns();
    private final PublicSuffixes suffixes = new PublicSuffixes(java.util.Set.of("test", "co.test", "*.wild.test"));
    private final DmarcCheck dmarc = new DmarcCheck(new CachingLookup(List.of(dns.address()), Duration.ofMillis(700),
            Duration.ZERO, Clock.systemUTC()), suffixes, RandomGenerator.of("L64X128MixRandom"));

    DmarcCheckTest() throws Exception {
    }

    @AfterEach
    void stop() throws Exception {
        dns.close();
    }

    private static AuthorDomains from(String header) {
        byte[] bytes = ("From: " + header + "\r\nSubject: x\r\n").getBytes(StandardCharsets.UTF_8);
        return AuthorDomains.of(HeaderBlock.parse(bytes, bytes.length));
    }

    private static SpfVerdict spf(SpfResult result, String domain) {
        return new SpfVerdict(result, domain, "");
    }

    private static List<DkimResult> dkim(DkimResult.Verdict verdict, String domain) {
        return List.of(new DkimResult(verdict, domain, "s", "abcdefgh", ""));
    }

    @Test
    void organizationalDomainsFollowThePublicSuffixList() {
        assertThat(suffixes.organizational("mail.news.example.test")).isEqualTo("example.test");
        assertThat(suffixes.organizational("a.b.example.co.test")).isEqualTo("example.co.test");
        assertThat(suffixes.organizational("x.y.z.wild.test")).isEqualTo("y.z.wild.test");
        assertThat(PublicSuffixes.load(PublicSuffixes.DEBIAN).organizational("www.bbc.co.uk")).isEqualTo("bbc.co.uk");
    }

    @Test
    void relaxedAlignmentAcceptsSubdomainsStrictDoesNot() throws Exception {
        dns.add("_dmarc.relaxed.test", "TXT", "\"v=DMARC1; p=reject\"")
                .add("_dmarc.strict.test", "TXT", "\"v=DMARC1; p=reject; adkim=s; aspf=s\"");
        var relaxedSpf = dmarc.check(from("<a@relaxed.test>"), spf(SpfResult.PASS, "bounce.relaxed.test"), List.of());
        assertThat(relaxedSpf.result()).isEqualTo(DmarcVerdict.Result.PASS);
        var relaxedDkim = dmarc.check(from("A <a@relaxed.test>"), spf(SpfResult.FAIL, "relaxed.test"),
                dkim(DkimResult.Verdict.PASS, "mail.relaxed.test"));
        assertThat(relaxedDkim.result()).isEqualTo(DmarcVerdict.Result.PASS);
        var strict = dmarc.check(from("a@strict.test"), spf(SpfResult.PASS, "bounce.strict.test"),
                dkim(DkimResult.Verdict.PASS, "mail.strict.test"));
        assertThat(strict.result()).isEqualTo(DmarcVerdict.Result.FAIL);
        assertThat(strict.policy()).isEqualTo(DmarcRecord.Policy.REJECT);
        var strictExact = dmarc.check(from("a@strict.test"), spf(SpfResult.FAIL, "x.test"),
                dkim(DkimResult.Verdict.PASS, "strict.test"));
        assertThat(strictExact.result()).isEqualTo(DmarcVerdict.Result.PASS);
        var failedDkimDoesNotAlign = dmarc.check(from("a@relaxed.test"), spf(SpfResult.PASS, "other.test"),
                dkim(DkimResult.Verdict.FAIL, "relaxed.test"));
        assertThat(failedDkimDoesNotAlign.result()).isEqualTo(DmarcVerdict.Result.FAIL);
    }

    @Test
    void policiesNoneQuarantineRejectSubdomainPolicyAndPct() throws Exception {
        dns.add("_dmarc.none.test", "TXT", "\"v=DMARC1; p=none; rua=mailto:r@none.test\"")
                .add("_dmarc.quar.test", "TXT", "\"v=DMARC1; p=quarantine\"")
                .add("_dmarc.rej.test", "TXT", "\"v=DMARC1; p=reject; sp=quarantine\"")
                .add("_dmarc.sample.test", "TXT", "\"v=DMARC1; p=reject; pct=0\"")
                .add("_dmarc.two.test", "TXT", "\"v=DMARC1; p=reject\"").add("_dmarc.two.test", "TXT", "\"v=DMARC1; p=none\"");
        SpfVerdict fail = spf(SpfResult.FAIL, "evil.test");
        assertThat(dmarc.check(from("a@none.test"), fail, List.of()).policy()).isEqualTo(DmarcRecord.Policy.NONE);
        assertThat(dmarc.check(from("a@quar.test"), fail, List.of()).policy()).isEqualTo(DmarcRecord.Policy.QUARANTINE);
        assertThat(dmarc.check(from("a@rej.test"), fail, List.of()).policy()).isEqualTo(DmarcRecord.Policy.REJECT);
        var sub = dmarc.check(from("a@sub.rej.test"), fail, List.of());
        assertThat(sub.result()).isEqualTo(DmarcVerdict.Result.FAIL);
        assertThat(sub.policy()).isEqualTo(DmarcRecord.Policy.QUARANTINE); // sp= at the organizational domain
        assertThat(dmarc.check(from("a@sample.test"), fail, List.of()).policy()).isEqualTo(DmarcRecord.Policy.QUARANTINE);
        assertThat(dmarc.check(from("a@two.test"), fail, List.of()).result()).isEqualTo(DmarcVerdict.Result.NONE);
        assertThat(dmarc.check(from("a@nothing.test"), fail, List.of()).result()).isEqualTo(DmarcVerdict.Result.NONE);
    }

    @Test
    void dnsFailuresAreTemperrorsAndOddFromFieldsPermerrors() throws Exception {
        dns.servfail("_dmarc.broken.test");
        assertThat(dmarc.check(from("a@broken.test"), spf(SpfResult.FAIL, "x.test"), List.of()).result())
                .isEqualTo(DmarcVerdict.Result.TEMPERROR);
        assertThat(dmarc.check(from("a@one.test, b@two.test"), spf(SpfResult.NONE, "x.test"), List.of()).result())
                .isEqualTo(DmarcVerdict.Result.PERMERROR);
        assertThat(dmarc.check(from("\"x@evil.test\" <a@bad_domain..test>"), spf(SpfResult.NONE, "x.test"), List.of())
                .result()).isEqualTo(DmarcVerdict.Result.PERMERROR);
        assertThat(from("\"Doe, John\" <john@example.test> (comment, here)").domains()).containsExactly("example.test");
        assertThat(from("Team: a@one.test, b@one.test;").domains()).containsExactly("one.test");
    }
}
