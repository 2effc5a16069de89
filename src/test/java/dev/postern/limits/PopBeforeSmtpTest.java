package dev.postern.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.accounts.AccountStore;
import dev.postern.database.TestEngine;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The same behaviour over both stores: in memory, and JDBC on a real SQLite file and a real PostgreSQL. */
class PopBeforeSmtpTest {

    private static final InetAddress CLIENT = InetAddress.ofLiteral("127.0.0.20");
    private static final InetAddress OTHER = InetAddress.ofLiteral("127.0.0.21");
    private static final Instant T0 = Instant.parse("2026-11-29T02:00:00.250Z");

    abstract static class Contract {

        abstract GrantStore store();

        private PopBeforeSmtp grants(Duration window) {
            return new PopBeforeSmtp(store(), window);
        }

        @Test
        void aLoginLetsItsAddressRelayForTheWindow() {
            var grants = grants(Duration.ofMinutes(30));
            var grant = grants.grant(CLIENT, "alice@example.org", T0).orElseThrow();
            assertThat(grant.expiresAt()).isEqualTo(Instant.parse("2026-11-29T02:30:00Z"));
            assertThat(grants.active(CLIENT, T0.plus(Duration.ofMinutes(29)))).contains(grant);
            assertThat(grants.active(CLIENT, Instant.parse("2026-11-29T02:30:00Z"))).isEmpty();
            assertThat(grants.active(OTHER, T0)).isEmpty();
        }

        @Test
        void aNewLoginFromTheSameAddressRenewsAndReplaces() {
            var grants = grants(Duration.ofMinutes(30));
            grants.grant(CLIENT, "alice@example.org", T0);
            grants.grant(CLIENT, "bob@example.org", T0.plus(Duration.ofMinutes(20)));
            assertThat(grants.active(CLIENT, T0.plus(Duration.ofMinutes(40))))
                    .map(Grant::account).contains("bob@example.org");
            assertThat(grants.list(T0.plus(Duration.ofMinutes(40)))).hasSize(1);
        }

        @Test
        void listShowsOnlyGrantsInForce() {
            var grants = grants(Duration.ofMinutes(30));
            grants.grant(OTHER, "bob@example.org", T0);
            grants.grant(CLIENT, "alice@example.org", T0.plus(Duration.ofMinutes(10)));
            assertThat(grants.list(T0.plus(Duration.ofMinutes(5)))).extracting(Grant::ip).containsExactly(CLIENT, OTHER);
            assertThat(grants.list(T0.plus(Duration.ofMinutes(35)))).extracting(Grant::account)
                    .containsExactly("alice@example.org");
        }

        @Test
        void revokeEndsAGrant() {
            var grants = grants(Duration.ofMinutes(30));
            grants.grant(CLIENT, "alice@example.org", T0);
            assertThat(grants.revoke(CLIENT)).isTrue();
            assertThat(grants.active(CLIENT, T0)).isEmpty();
            assertThat(grants.revoke(CLIENT)).isFalse();
        }

        @Test
        void expiredGrantsArePurgedOnTheNextGrant() {
            var grants = grants(Duration.ofMinutes(30));
            grants.grant(OTHER, "bob@example.org", T0);
            grants.grant(CLIENT, "alice@example.org", T0.plus(Duration.ofHours(1)));
            assertThat(store().remove(OTHER)).isFalse();
        }

        @Test
        void ipv6AddressesWork() {
            var grants = grants(Duration.ofMinutes(30));
            var v6 = InetAddress.ofLiteral("::1");
            grants.grant(v6, "alice@example.org", T0);
            assertThat(grants.active(InetAddress.ofLiteral("0:0:0:0:0:0:0:1"), T0)).isPresent();
        }

        @Test
        void aZeroWindowTurnsTheFeatureOff() {
            var off = grants(Duration.ZERO);
            assertThat(off.enabled()).isFalse();
            assertThat(off.grant(CLIENT, "alice@example.org", T0)).isEmpty();
            store().put(new Grant(CLIENT, "alice@example.org", T0.plus(Duration.ofHours(1))));
            assertThat(off.active(CLIENT, T0)).isEmpty();
            assertThat(off.list(T0)).isEmpty();
        }
    }

    @Nested
    class InMemory extends Contract {
        private final MemoryGrantStore store = new MemoryGrantStore();

        @Override
        GrantStore store() {
            return store;
        }
    }

    @Nested
    class OnSqlite extends Contract {
        @TempDir
        Path dir;
        private JdbcGrantStore store;

        @Override
        GrantStore store() {
            if (store == null) {
                var source = new SQLiteDataSource();
                source.setUrl("jdbc:sqlite:" + dir.resolve("postern.db"));
                createTable(source);
                store = new JdbcGrantStore(source);
            }
            return store;
        }

        @Test
        void grantsSurviveANewStoreOnTheSameFile() {
            store().put(new Grant(CLIENT, "alice@example.org", T0.plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
            var source = new SQLiteDataSource();
            source.setUrl("jdbc:sqlite:" + dir.resolve("postern.db"));
            assertThat(new JdbcGrantStore(source).find(CLIENT, T0)).map(Grant::account).contains("alice@example.org");
        }

        @Test
        void aMissingTableIsAClearError() {
            var source = new SQLiteDataSource();
            source.setUrl("jdbc:sqlite:" + dir.resolve("empty.db"));
            assertThatThrownBy(() -> new JdbcGrantStore(source).list(T0))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot list grants")
                    .hasMessageContaining("pop_before_smtp_grants");
        }
    }

    /** The JDBC store on a real PostgreSQL, schema by the accounts migrations as in production. */
    @Nested
    class OnPostgresql extends Contract {
        @TempDir
        Path dir;
        private AccountStore accounts;
        private JdbcGrantStore store;

        @Override
        GrantStore store() {
            if (store == null) {
                accounts = AccountStore.open(TestEngine.POSTGRESQL.fresh(dir));
                store = new JdbcGrantStore(accounts.dataSource());
            }
            return store;
        }

        @AfterEach
        void close() {
            if (accounts != null) {
                accounts.close();
            }
        }
    }

    static void createTable(SQLiteDataSource source) {
        try (InputStream in = PopBeforeSmtpTest.class.getResourceAsStream("/dev/postern/accounts/V2__pop_before_smtp_grants.sql");
             var connection = source.getConnection(); var statement = connection.createStatement()) {
            statement.executeUpdate(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aNegativeWindowIsRefused() {
        assertThatThrownBy(() -> new PopBeforeSmtp(new MemoryGrantStore(), Duration.ofMinutes(-1)))
                .hasMessageContaining("must not be negative");
    }

    @Test
    void grantsCompareByValue() {
        assertThat(new Grant(CLIENT, "a@b", T0)).isEqualTo(new Grant(InetAddress.ofLiteral("127.0.0.20"), "a@b", T0));
    }
}
