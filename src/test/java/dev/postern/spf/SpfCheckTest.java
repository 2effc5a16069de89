package dev.postern.spf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.dns.CachingLookup;
import dev.postern.dns.TestDns;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** check_host() against a DNS server on loopback serving the records each case needs. */
class SpfCheckTest {

    private final TestDns dns = new TestDns();
    private final SpfCheck spf = new SpfCheck(new CachingLookup(List.of(dns.address()), Duration.ofMillis(700),
            Duration.ZERO, Clock.systemUTC()));

    SpfCheckTest() throws Exception {
    }

    @AfterEach
    void stop() throws Exception {
        dns.close();
    }

    private SpfResult check(String ip, String sender) {
        return spf.check(InetAddress.ofLiteral(ip), Optional.of(sender), "helo.client.test").result();
    }

    private void spf(String domain, String record) throws Exception {
        dns.add(domain, "TXT", "\"" + record + "\"");
    }

    @Test
    void passFailSoftfailNeutralAndNone() throws Exception {
        spf("example.test", "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all");
        spf("soft.test", "v=spf1 ip4:192.0.2.1 ~all");
        spf("neutral.test", "v=spf1 ?all");
        spf("nomatch.test", "v=spf1 ip4:192.0.2.1");
        dns.add("other.test", "TXT", "\"some other text\"");
        assertThat(check("192.0.2.77", "a@example.test")).isEqualTo(SpfResult.PASS);
        assertThat(check("2001:db8::5", "a@example.test")).isEqualTo(SpfResult.PASS);
        assertThat(check("198.51.100.1", "a@example.test")).isEqualTo(SpfResult.FAIL);
        assertThat(check("198.51.100.1", "a@soft.test")).isEqualTo(SpfResult.SOFTFAIL);
        assertThat(check("198.51.100.1", "a@neutral.test")).isEqualTo(SpfResult.NEUTRAL);
        assertThat(check("198.51.100.1", "a@nomatch.test")).isEqualTo(SpfResult.NEUTRAL);
        assertThat(check("198.51.100.1", "a@other.test")).isEqualTo(SpfResult.NONE);
        assertThat(check("198.51.100.1", "a@not_a..domain")).isEqualTo(SpfResult.NONE);
    }

    @Test
    void aMxIncludeRedirectExistsAndPtr() throws Exception {
        spf("a.test", "v=spf1 a a:web.a.test/24 -all");
        dns.add("a.test", "A", "192.0.2.10").add("web.a.test", "A", "198.51.100.5");
        spf("mx.test", "v=spf1 mx -all");
        dns.add("mx.test", "MX", "10 in.mx.test.").add("in.mx.test", "A", "192.0.2.20");
        spf("inc.test", "v=spf1 include:a.test -all");
        spf("red.test", "v=spf1 redirect=mx.test");
        spf("ex.test", "v=spf1 exists:%{i}.allow.ex.test -all");
        dns.add("192.0.2.30.allow.ex.test", "A", "127.0.0.2");
        spf("ptr.test", "v=spf1 ptr -all");
        dns.add("40.2.0.192.in-addr.arpa", "PTR", "host.ptr.test.").add("host.ptr.test", "A", "192.0.2.40");
        assertThat(check("192.0.2.10", "x@a.test")).isEqualTo(SpfResult.PASS);
        assertThat(check("198.51.100.200", "x@a.test")).isEqualTo(SpfResult.PASS); // the /24
        assertThat(check("192.0.2.20", "x@mx.test")).isEqualTo(SpfResult.PASS);
        assertThat(check("192.0.2.10", "x@inc.test")).isEqualTo(SpfResult.PASS);
        assertThat(check("192.0.2.99", "x@inc.test")).isEqualTo(SpfResult.FAIL);
        assertThat(check("192.0.2.20", "x@red.test")).isEqualTo(SpfResult.PASS);
        assertThat(check("192.0.2.21", "x@red.test")).isEqualTo(SpfResult.FAIL);
        assertThat(check("192.0.2.30", "x@ex.test")).isEqualTo(SpfResult.PASS);
        assertThat(check("192.0.2.31", "x@ex.test")).isEqualTo(SpfResult.FAIL);
        assertThat(check("192.0.2.40", "x@ptr.test")).isEqualTo(SpfResult.PASS);
    }

    @Test
    void macrosExpandPerRfc7208Section74() throws Exception {
        var macro = new Macro("strong-bad@email.example.com", "email.example.com", InetAddress.ofLiteral("192.0.2.3"),
                "mx.example.org");
        assertThat(macro.expand("%{s}")).isEqualTo("strong-bad@email.example.com");
        assertThat(macro.expand("%{o}")).isEqualTo("email.example.com");
        assertThat(macro.expand("%{d4}")).isEqualTo("email.example.com");
        assertThat(macro.expand("%{d2}")).isEqualTo("example.com");
        assertThat(macro.expand("%{d1}")).isEqualTo("com");
        assertThat(macro.expand("%{dr}")).isEqualTo("com.example.email");
        assertThat(macro.expand("%{d2r}")).isEqualTo("example.email");
        assertThat(macro.expand("%{l}")).isEqualTo("strong-bad");
        assertThat(macro.expand("%{l-}")).isEqualTo("strong.bad");
        assertThat(macro.expand("%{lr}")).isEqualTo("strong-bad");
        assertThat(macro.expand("%{lr-}")).isEqualTo("bad.strong");
        assertThat(macro.expand("%{l1r-}")).isEqualTo("strong");
        assertThat(macro.expand("%{ir}.%{v}._spf.%{d2}")).isEqualTo("3.2.0.192.in-addr._spf.example.com");
        assertThat(macro.expand("%{lr-}.lp._spf.%{d2}")).isEqualTo("bad.strong.lp._spf.example.com");
        var v6 = new Macro("a@b.example", "b.example", InetAddress.ofLiteral("2001:db8::cb01"), "h");
        assertThat(v6.expand("%{ir}.%{v}._spf.%{d2}")).isEqualTo(
                "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.b.example");
        assertThat(macro.expand("a%%b%_c%-d")).isEqualTo("a%b c%20d");
    }

    @Test
    void theTenLookupLimitAndVoidLookupsArePermerrors() throws Exception {
        // eleven DNS-querying terms across includes: permerror even though the last would pass
        spf("deep.test", "v=spf1 include:l1.deep.test include:l2.deep.test include:l3.deep.test "
                + "include:l4.deep.test include:l5.deep.test a:h6.deep.test a:h7.deep.test a:h8.deep.test "
                + "a:h9.deep.test a:h10.deep.test ip4:192.0.2.1 -all");
        for (int i = 1; i <= 5; i++) {
            spf("l" + i + ".deep.test", "v=spf1 " + (i == 5 ? "a:h11.deep.test " : "") + "-all");
        }
        for (int i = 6; i <= 11; i++) {
            dns.add("h" + i + ".deep.test", "A", "198.51.100." + i);
        }
        var verdict = spf.check(InetAddress.ofLiteral("192.0.2.1"), Optional.of("x@deep.test"), "h");
        assertThat(verdict.result()).isEqualTo(SpfResult.PERMERROR);
        assertThat(verdict.reason()).contains("more than 10");
        // exactly ten is still fine
        spf("ten.test", "v=spf1 a:h6.deep.test a:h7.deep.test a:h8.deep.test a:h9.deep.test a:h10.deep.test "
                + "a:h6.deep.test a:h7.deep.test a:h8.deep.test a:h9.deep.test a:h11.deep.test -all");
        assertThat(check("198.51.100.11", "x@ten.test")).isEqualTo(SpfResult.PASS);
        spf("void.test", "v=spf1 a:n1.void.test a:n2.void.test a:n3.void.test ip4:192.0.2.1 -all");
        assertThat(spf.check(InetAddress.ofLiteral("192.0.2.1"), Optional.of("x@void.test"), "h").reason())
                .contains("void lookups");
        spf("many.test", "v=spf1 mx -all");
        for (int i = 0; i < 11; i++) {
            dns.add("many.test", "MX", i + " mx" + i + ".many.test.");
        }
        assertThat(check("192.0.2.1", "x@many.test")).isEqualTo(SpfResult.PERMERROR);
    }

    @Test
    void syntaxErrorsAndTwoRecordsArePermerrorsDnsFailuresTemperrors() throws Exception {
        spf("bad.test", "v=spf1 ip4:192.0.2.1 frobnicate -all");
        spf("two.test", "v=spf1 -all");
        spf("two.test", "v=spf1 +all");
        spf("noinc.test", "v=spf1 include:none.test -all");
        spf("lone.test", "v=spf1 exists:%x.test -all");
        spf("tempinc.test", "v=spf1 include:broken.test -all");
        dns.servfail("broken.test").silent("slow.test");
        assertThat(check("192.0.2.1", "x@bad.test")).isEqualTo(SpfResult.PERMERROR);
        assertThat(check("192.0.2.1", "x@two.test")).isEqualTo(SpfResult.PERMERROR);
        assertThat(check("192.0.2.1", "x@noinc.test")).isEqualTo(SpfResult.PERMERROR);
        assertThat(check("192.0.2.1", "x@lone.test")).isEqualTo(SpfResult.PERMERROR);
        assertThat(check("192.0.2.1", "x@broken.test")).isEqualTo(SpfResult.TEMPERROR);
        assertThat(check("192.0.2.1", "x@slow.test")).isEqualTo(SpfResult.TEMPERROR);
        assertThat(check("192.0.2.1", "x@tempinc.test")).isEqualTo(SpfResult.TEMPERROR);
    }

    @Test
    void theNullSenderIsCheckedAsPostmasterAtTheHeloName() throws Exception {
        spf("helo.client.test", "v=spf1 ip4:192.0.2.9 -all");
        var verdict = spf.check(InetAddress.ofLiteral("192.0.2.9"), Optional.empty(), "helo.client.test");
        assertThat(verdict.result()).isEqualTo(SpfResult.PASS);
        assertThat(verdict.domain()).isEqualTo("helo.client.test");
    }
}
