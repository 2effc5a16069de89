package dev.postern.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DnsResolverTest {

    private final TestDns dns;
    private final DnsResolver resolver;

    DnsResolverTest() throws Exception {
        dns = new TestDns();
        resolver = new DnsResolver(List.of(dns.address()), Duration.ofMillis(700));
    }

    @AfterEach
    void stop() throws Exception {
        dns.close();
    }

    @Test
    void mxHostsComeInPreferenceOrderWithTheirAddresses() throws Exception {
        dns.add("example.test", "MX", "20 mx2.example.test.").add("example.test", "MX", "10 mx1.example.test.")
                .add("mx1.example.test", "A", "127.0.0.11").add("mx2.example.test", "A", "127.0.0.12")
                .add("mx2.example.test", "AAAA", "::1");
        var found = (MailHosts.Found) resolver.mailHosts("Example.TEST");
        assertThat(found.implicit()).isFalse();
        assertThat(found.hosts()).extracting(MailHost::name).containsExactly("mx1.example.test", "mx2.example.test");
        assertThat(found.hosts().get(1).addresses()).containsExactly(InetAddress.getByName("127.0.0.12"),
                InetAddress.getByName("::1"));
    }

    @Test
    void withoutMxTheDomainsOwnAddressIsUsed() throws Exception {
        dns.add("plain.test", "A", "127.0.0.21");
        var found = (MailHosts.Found) resolver.mailHosts("plain.test");
        assertThat(found.implicit()).isTrue();
        assertThat(found.hosts()).singleElement().satisfies(h -> assertThat(h.name()).isEqualTo("plain.test"));
    }

    @Test
    void nullMxNxdomainAndNoRecordsAreFinal() throws Exception {
        dns.add("nomail.test", "MX", "0 .").nxdomain("gone.test");
        assertThat(resolver.mailHosts("nomail.test")).isInstanceOf(MailHosts.NullMx.class);
        assertThat(resolver.mailHosts("gone.test")).isInstanceOf(MailHosts.NoSuchDomain.class);
        assertThat(resolver.mailHosts("empty.test")).isInstanceOf(MailHosts.NoSuchDomain.class);
    }

    @Test
    void servfailAndTimeoutsAreTemporary() throws Exception {
        dns.servfail("broken.test").silent("slow.test");
        assertThat(resolver.mailHosts("broken.test")).isInstanceOfSatisfying(MailHosts.TemporaryFailure.class,
                t -> assertThat(t.why()).contains("SERVFAIL"));
        assertThat(resolver.mailHosts("slow.test")).isInstanceOf(MailHosts.TemporaryFailure.class);
    }

    @Test
    void anMxHostWithoutAddressIsSkipped() throws Exception {
        dns.add("half.test", "MX", "10 dead.half.test.").add("half.test", "MX", "20 live.half.test.")
                .nxdomain("dead.half.test").add("live.half.test", "A", "127.0.0.31");
        var found = (MailHosts.Found) resolver.mailHosts("half.test");
        assertThat(found.hosts()).extracting(MailHost::name).containsExactly("live.half.test");
    }
}
