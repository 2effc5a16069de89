package dev.postern.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.config.Settings;
import dev.postern.database.TestEngine;
import dev.postern.intake.Directory.Resolution;
import dev.postern.smtp.MailAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The account store's contract, on the embedded database and on a real PostgreSQL. */
@ParameterizedClass
@EnumSource(TestEngine.class)
class AccountStoreTest {
    @Parameter
    TestEngine engine;
    @TempDir
    Path dir;
    Settings.Database database;
    AccountStore store;

    @BeforeEach
    void open() {
        database = engine.fresh(dir.resolve("data"));
        store = AccountStore.open(database);
        store.addDomain("Example.TEST");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static MailAddress a(String text) {
        return MailAddress.parse(text);
    }

    private static Resolution deliver(String... targets) {
        return new Resolution.Deliver(java.util.Arrays.stream(targets).map(MailAddress::parse).toList());
    }

    @Test
    void domainsAreCanonicalAndHostedCaseInsensitively() {
        assertThat(store.listDomains()).containsExactly("example.test");
        assertThat(store.hosts("EXAMPLE.test")).isTrue();
        assertThat(store.hosts("other.test")).isFalse();
        assertThatThrownBy(() -> store.addDomain("example.test")).isInstanceOf(AccountException.class)
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> store.addDomain("bad_domain!")).isInstanceOf(AccountException.class)
                .hasMessageContaining("not a valid domain");
    }

    @Test
    void userResolvesToItselfCaseInsensitively() {
        store.addUser("Alice@Example.test", "{PLAIN}x");
        assertThat(store.resolve(a("ALICE@example.TEST"))).isEqualTo(deliver("alice@example.test"));
        assertThat(store.passwordHash("aLiCe@example.test")).contains("{PLAIN}x");
        assertThat(store.passwordHash("bob@example.test")).isEmpty();
        assertThat(store.listUsers()).extracting(User::address).containsExactly("alice@example.test");
    }

    @Test
    void unknownAndNotHosted() {
        assertThat(store.resolve(a("nobody@example.test"))).isEqualTo(new Resolution.Unknown());
        assertThat(store.resolve(a("someone@elsewhere.test"))).isEqualTo(new Resolution.NotHosted());
    }

    @Test
    void userNeedsItsDomain() {
        assertThatThrownBy(() -> store.addUser("x@nowhere.test", "{PLAIN}x"))
                .isInstanceOf(AccountException.class).hasMessageContaining("not hosted");
        assertThatThrownBy(() -> store.addUser("not an address", "{PLAIN}x"))
                .isInstanceOf(AccountException.class).hasMessageContaining("not a valid address");
    }

    @Test
    void aliasExpandsRecursivelyToUsersAndRemoteTargets() {
        store.addUser("alice@example.test", "{PLAIN}x");
        store.addUser("bob@example.test", "{PLAIN}x");
        store.addAlias("team@example.test", List.of("alice@example.test", "staff@example.test"));
        store.addAlias("staff@example.test", List.of("bob@example.test", "carol@remote.test", "alice@example.test"));
        assertThat(store.resolve(a("Team@Example.test")))
                .isEqualTo(deliver("alice@example.test", "bob@example.test", "carol@remote.test"));
    }

    @Test
    void aliasesOfAnAccountAreTheAliasesDeliveringStraightToIt() {
        store.addUser("alice@example.test", "{PLAIN}x");
        store.addAlias("sales@example.test", List.of("alice@example.test", "bob@remote.test"));
        store.addAlias("info@example.test", List.of("Alice@Example.test"));
        store.addAlias("other@example.test", List.of("bob@remote.test"));
        store.addAlias("@example.test", List.of("alice@example.test"));
        assertThat(store.aliasesOf("ALICE@example.test")).containsExactly("info@example.test", "sales@example.test");
        assertThat(store.aliasesOf("bob@example.test")).isEmpty();
    }

    @Test
    void aliasLoopsAreCut() {
        store.addUser("alice@example.test", "{PLAIN}x");
        store.addAlias("a@example.test", List.of("b@example.test"));
        store.addAlias("b@example.test", List.of("a@example.test", "alice@example.test"));
        assertThat(store.resolve(a("a@example.test"))).isEqualTo(deliver("alice@example.test"));
        store.addAlias("c@example.test", List.of("c@example.test"));
        assertThat(store.resolve(a("c@example.test"))).isEqualTo(new Resolution.Unknown());
    }

    @Test
    void expansionDepthIsBounded() {
        store.addUser("end@example.test", "{PLAIN}x");
        for (int i = 0; i < 12; i++) {
            store.addAlias("hop" + i + "@example.test", List.of("hop" + (i + 1) + "@example.test"));
        }
        store.addAlias("hop12@example.test", List.of("end@example.test"));
        assertThat(store.resolve(a("hop0@example.test"))).isEqualTo(new Resolution.Unknown());
        assertThat(store.resolve(a("hop4@example.test"))).isEqualTo(deliver("end@example.test"));
    }

    @Test
    void catchAllTakesWhatNothingElseMatches() {
        store.addUser("alice@example.test", "{PLAIN}x");
        store.addUser("postmaster@example.test", "{PLAIN}x");
        store.addAlias("sales@example.test", List.of("alice@example.test"));
        store.addAlias("@example.test", List.of("postmaster@example.test"));
        assertThat(store.resolve(a("alice@example.test"))).isEqualTo(deliver("alice@example.test"));
        assertThat(store.resolve(a("sales@example.test"))).isEqualTo(deliver("alice@example.test"));
        assertThat(store.resolve(a("whatever@example.test"))).isEqualTo(deliver("postmaster@example.test"));
        assertThat(store.listAliases()).extracting(Alias::source)
                .containsExactlyInAnyOrder("@example.test", "sales@example.test");
    }

    @Test
    void catchAllPointingIntoItsOwnDomainDoesNotLoop() {
        store.addAlias("@example.test", List.of("ghost@example.test"));
        assertThat(store.resolve(a("x@example.test"))).isEqualTo(new Resolution.Unknown());
    }

    @Test
    void aliasRules() {
        store.addUser("alice@example.test", "{PLAIN}x");
        assertThatThrownBy(() -> store.addAlias("alice@example.test", List.of("bob@remote.test")))
                .isInstanceOf(AccountException.class).hasMessageContaining("is a mailbox");
        assertThatThrownBy(() -> store.addAlias("x@other.test", List.of("alice@example.test")))
                .isInstanceOf(AccountException.class).hasMessageContaining("not hosted");
        store.addAlias("info@example.test", List.of("a@remote.test"));
        store.addAlias("INFO@example.test", List.of("b@remote.test", "a@remote.test"));
        assertThat(store.listAliases()).containsExactly(
                new Alias("info@example.test", List.of("a@remote.test", "b@remote.test")));
        assertThatThrownBy(() -> store.addUser("info@example.test", "{PLAIN}x"))
                .isInstanceOf(AccountException.class).hasMessageContaining("is an alias");
        store.removeAlias("info@example.test");
        assertThat(store.listAliases()).isEmpty();
        assertThatThrownBy(() -> store.removeAlias("info@example.test")).isInstanceOf(AccountException.class);
    }

    @Test
    void removingADomainWithUsersNeedsForce() {
        store.addUser("alice@example.test", "{PLAIN}x");
        store.addAlias("@example.test", List.of("alice@example.test"));
        assertThatThrownBy(() -> store.removeDomain("example.test", DomainRemoval.ONLY_IF_EMPTY))
                .isInstanceOf(AccountException.class).hasMessageContaining("--force");
        assertThat(store.hosts("example.test")).isTrue();
        store.removeDomain("example.test", DomainRemoval.FORCE);
        assertThat(store.listDomains()).isEmpty();
        assertThat(store.listUsers()).isEmpty();
        assertThat(store.listAliases()).isEmpty();
        assertThatThrownBy(() -> store.removeDomain("example.test", DomainRemoval.FORCE))
                .isInstanceOf(AccountException.class);
    }

    @Test
    void userRemovalAndPasswordChange() {
        store.addUser("alice@example.test", "{PLAIN}x");
        store.setPasswordHash("Alice@example.test", "{PLAIN}y");
        assertThat(store.passwordHash("alice@example.test")).contains("{PLAIN}y");
        store.removeUser("alice@example.test");
        assertThat(store.resolve(a("alice@example.test"))).isEqualTo(new Resolution.Unknown());
        assertThatThrownBy(() -> store.removeUser("alice@example.test")).isInstanceOf(AccountException.class);
        assertThatThrownBy(() -> store.setPasswordHash("alice@example.test", "{PLAIN}z"))
                .isInstanceOf(AccountException.class);
    }

    @Test
    void twoStoresOnOneFileSeeEachOthersChangesAtOnce() {
        try (AccountStore cli = AccountStore.open(database)) {
            cli.addDomain("second.test");
            cli.addUser("bob@second.test", "{PLAIN}x");
            assertThat(store.hosts("second.test")).isTrue();
            assertThat(store.resolve(a("bob@second.test"))).isEqualTo(deliver("bob@second.test"));
            store.removeUser("bob@second.test");
            assertThat(cli.resolve(a("bob@second.test"))).isEqualTo(new Resolution.Unknown());
        }
    }

    @Test
    void twoStoresWritingAtOnceLoseNothing() throws Exception {
        try (AccountStore other = AccountStore.open(database)) {
            Thread[] writers = new Thread[4];
            for (int w = 0; w < writers.length; w++) {
                AccountStore target = w % 2 == 0 ? store : other;
                int id = w;
                writers[w] = Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 15; i++) {
                        target.addDomain("d" + id + "-" + i + ".test");
                        target.addUser("u@d" + id + "-" + i + ".test", "{PLAIN}x");
                    }
                });
            }
            for (Thread t : writers) {
                t.join();
            }
            assertThat(other.listDomains()).hasSize(1 + 60);
            assertThat(store.listUsers()).hasSize(60);
        }
    }

    @Test
    void passwordHashOfANonAddressIsEmpty() {
        assertThat(store.passwordHash("not-an-address")).isEmpty();
    }

    @Test
    void databaseIsOnItsEngineAndMigratedOnce() throws Exception {
        store.close();
        store = AccountStore.open(database);
        try (var c = store.dataSource().getConnection(); var s = c.createStatement()) {
            if (engine == TestEngine.SQLITE) {
                var mode = s.executeQuery("PRAGMA journal_mode");
                mode.next();
                assertThat(mode.getString(1)).isEqualToIgnoringCase("wal");
            } else {
                assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            }
            var versions = s.executeQuery("SELECT COUNT(*), MAX(version) FROM schema_version");
            versions.next();
            assertThat(versions.getInt(1)).isEqualTo(Migrations.SCRIPTS.size());
            assertThat(versions.getInt(2)).isEqualTo(Migrations.version(Migrations.SCRIPTS.getLast()));
        }
        assertThat(store.listDomains()).containsExactly("example.test");
    }
}
