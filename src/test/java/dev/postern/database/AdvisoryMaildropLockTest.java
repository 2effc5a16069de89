package dev.postern.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.mailbox.Maildrop;
import dev.postern.mailbox.MaildropInUseException;
import dev.postern.mailbox.MaildropLock;
import dev.postern.mailbox.Maildrops;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mailbox locks across nodes: two pools on one PostgreSQL stand for two nodes over one Maildir root. */
class AdvisoryMaildropLockTest {

    private static final String ALICE = "alice@example.test";

    @TempDir
    Path dataDir;
    private Database nodeA;
    private Database nodeB;
    private Maildrops onA;
    private Maildrops onB;

    @BeforeEach
    void open() {
        String url = TestPostgres.freshDatabase();
        nodeA = Database.open(url, 2);
        nodeB = Database.open(url, 2);
        onA = new Maildrops(dataDir, Clock.systemUTC(), AdvisoryMaildropLock.of(nodeA));
        onB = new Maildrops(dataDir, Clock.systemUTC(), AdvisoryMaildropLock.of(nodeB));
    }

    @AfterEach
    void close() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    void aMailboxOpenOnOneNodeIsInUseOnTheOtherUntilClosed() throws Exception {
        Maildrop held = onA.open(ALICE);
        assertThatThrownBy(() -> onB.open("Alice@Example.TEST")).isInstanceOf(MaildropInUseException.class);
        assertThat(onB.open("bob@example.test")).as("another mailbox is free").isNotNull().satisfies(Maildrop::close);
        held.close();
        onB.open(ALICE).close();
        onA.open(ALICE).close();
    }

    @Test
    void aDeadNodesLocksAreFreedWithItsConnection() throws Exception {
        onA.open(ALICE); // never closed: the node "dies" with it open
        assertThatThrownBy(() -> onB.open(ALICE)).isInstanceOf(MaildropInUseException.class);
        try (Connection c = nodeB.dataSource().getConnection(); Statement s = c.createStatement()) {
            // what PostgreSQL does when a node's TCP connection drops: the session ends
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND pid <> pg_backend_pid()");
        }
        Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> {
                    onB.open(ALICE).close();
                    return true;
                });
    }

    @Test
    void aDatabaseThatCannotBeReachedIsAnIoErrorNotAFreeMailbox() {
        nodeA.close();
        Database unreachable = Database.open("jdbc:postgresql://127.0.0.1:9/none?connectTimeout=1", 1);
        try {
            var lock = AdvisoryMaildropLock.of(unreachable);
            assertThatThrownBy(() -> lock.tryAcquire(ALICE)).isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("cannot lock mailbox " + ALICE);
        } finally {
            unreachable.close();
        }
    }

    @Test
    void theEmbeddedDatabaseNeedsNoSharedLock() {
        try (Database sqlite = Database.open("jdbc:sqlite:" + dataDir.resolve("postern.db"), 1)) {
            assertThat(AdvisoryMaildropLock.of(sqlite)).isSameAs(MaildropLock.LOCAL);
        }
    }

    @Test
    void theKeyIsTheSameOnEveryNodeAndDiffersPerMailbox() {
        assertThat(AdvisoryMaildropLock.key(ALICE)).isEqualTo(AdvisoryMaildropLock.key(ALICE))
                .isNotEqualTo(AdvisoryMaildropLock.key("bob@example.test"));
    }
}
