package dev.postern.authres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.accounts.AccountStore;
import dev.postern.dkim.DkimAlgorithm;
import dev.postern.dkim.DkimKeys;
import dev.postern.dkim.HeaderField;
import dev.postern.dns.CachingLookup;
import dev.postern.dns.TestDns;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishedRecordsTest {

    @TempDir
    Path dir;

    @Test
    void listsWhatToPublishAndWhatIsMissing() throws Exception {
        try (var dns = new TestDns(); var store = AccountStore.open(dir.resolve("postern.db"))) {
            var keys = new DkimKeys(store.dataSource(), Clock.systemUTC());
            var published = keys.generate("example.test", "one", DkimAlgorithm.ED25519_SHA256);
            keys.generate("example.test", "two", DkimAlgorithm.ED25519_SHA256); // pending: must be published too
            dns.add("one._domainkey.example.test", "TXT", "\"" + published.key().txtRecord() + "\"")
                    .add("two._domainkey.example.test", "TXT", "\"v=DKIM1; k=ed25519; p=AAAA\"")
                    .add("example.test", "TXT", "\"v=spf1 mx -all\"");
            var lookup = new CachingLookup(List.of(dns.address()), Duration.ofMillis(700), Duration.ZERO, Clock.systemUTC());
            var entries = PublishedRecords.of("example.test", "mx.example.test", keys.keys("example.test"), lookup);
            assertThat(entries).extracting(PublishedRecords.Entry::kind, PublishedRecords.Entry::status).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(PublishedRecords.Kind.DKIM, PublishedRecords.Status.PUBLISHED),
                    org.assertj.core.groups.Tuple.tuple(PublishedRecords.Kind.DKIM, PublishedRecords.Status.DIFFERENT),
                    org.assertj.core.groups.Tuple.tuple(PublishedRecords.Kind.SPF, PublishedRecords.Status.PUBLISHED),
                    org.assertj.core.groups.Tuple.tuple(PublishedRecords.Kind.DMARC, PublishedRecords.Status.MISSING));
            assertThat(entries.getLast().line()).isEqualTo(
                    "DMARC  missing    _dmarc.example.test IN TXT \"v=DMARC1; p=quarantine; adkim=r; aspf=r\"");
            var none = PublishedRecords.of("other.test", "mx.example.test", List.of(), lookup);
            assertThat(none.getFirst().suggested()).isEqualTo("postern dkim generate other.test");
        }
    }

    @Test
    void ourAuthservIdIsRecognisedBehindCommentsCaseAndQuotes() {
        String id = "mx.example.test";
        assertThat(AuthenticationResults.ours(HeaderField.of("Authentication-Results: mx.example.test; spf=pass"), id)).isTrue();
        assertThat(AuthenticationResults.ours(HeaderField.of("authentication-results:\r\n (x; y) MX.Example.TEST 1; none"), id))
                .isTrue();
        assertThat(AuthenticationResults.ours(HeaderField.of("Authentication-Results: \"mx.example.test\"; none"), id)).isTrue();
        assertThat(AuthenticationResults.ours(HeaderField.of("Authentication-Results: mx.example.test.evil; none"), id)).isFalse();
        assertThat(AuthenticationResults.ours(HeaderField.of("Authentication-Results: other.test; mx.example.test"), id)).isFalse();
        assertThat(AuthenticationResults.ours(HeaderField.of("X-Authentication-Results: mx.example.test; none"), id)).isFalse();
    }
}
