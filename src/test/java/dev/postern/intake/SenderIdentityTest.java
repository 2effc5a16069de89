package dev.postern.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.net.Peer;
import dev.postern.policy.RelayPolicy;
import dev.postern.policy.SenderCheck;
import dev.postern.queue.Queue;
import dev.postern.smtp.MailAddress;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.ReversePath;
import dev.postern.smtp.server.Client;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Intake.mailFrom} applies {@code submission.sender_check} to authenticated clients only. */
class SenderIdentityTest {

    @TempDir
    Path dir;

    private Queue queue;
    private final List<String> lookups = new ArrayList<>();

    private Intake intake(SenderCheck.Mode mode) throws IOException {
        queue = new Queue(dir.resolve("queue"), Clock.systemUTC());
        SenderIdentity.Aliases aliases = account -> {
            lookups.add(account);
            return account.equals("alice@example.org") ? List.of("sales@example.org") : List.of();
        };
        Directory none = new Directory() {
            @Override
            public boolean hosts(String domain) {
                return false;
            }

            @Override
            public Resolution resolve(MailAddress address) {
                return new Resolution.NotHosted();
            }
        };
        return new Intake(none, new RelayPolicy(List.of()), queue, "mx.example.org", Clock.systemUTC(),
                ip -> false, new SenderIdentity(new SenderCheck(mode), aliases));
    }

    @AfterEach
    void close() {
        if (queue != null) {
            queue.close();
        }
    }

    private static Client client(Optional<String> user) {
        return new Client(new Peer(InetAddress.ofLiteral("127.0.0.1"), 40000, 587, "submission"), "laptop", true,
                Optional.empty(), user);
    }

    private static final Client ALICE = client(Optional.of("alice@example.org"));

    private static ReversePath from(String address) {
        return new ReversePath.Sender(MailAddress.parse(address));
    }

    @Test
    void strictAllowsTheAccountAndItsAliasesOnly() throws IOException {
        var intake = intake(SenderCheck.Mode.STRICT);

        assertThat(intake.mailFrom(ALICE, from("Alice@Example.org"), MailParameters.NONE).code()).isEqualTo(250);
        assertThat(intake.mailFrom(ALICE, from("sales@example.org"), MailParameters.NONE).code()).isEqualTo(250);
        assertThat(intake.mailFrom(ALICE, ReversePath.NULL, MailParameters.NONE).code()).isEqualTo(250);
        assertThat(intake.mailFrom(ALICE, from("bob@example.org"), MailParameters.NONE).wire()).isEqualTo(
                "553 5.7.1 <bob@example.org>: Sender address rejected: not owned by user <alice@example.org>; "
                        + "use alice@example.org or one of its aliases as the sender\r\n");
    }

    @Test
    void domainModeAllowsTheWholeDomain() throws IOException {
        var intake = intake(SenderCheck.Mode.DOMAIN);

        assertThat(intake.mailFrom(ALICE, from("bob@example.org"), MailParameters.NONE).code()).isEqualTo(250);
        assertThat(intake.mailFrom(ALICE, from("bob@example.net"), MailParameters.NONE).code()).isEqualTo(553);
    }

    @Test
    void unauthenticatedClientsAreNotCheckedNorLookedUp() throws IOException {
        var intake = intake(SenderCheck.Mode.STRICT);

        assertThat(intake.mailFrom(client(Optional.empty()), from("bob@example.org"), MailParameters.NONE).code())
                .isEqualTo(250);
        assertThat(lookups).isEmpty();
    }

    @Test
    void aFailingAliasLookupIsTemporary() throws IOException {
        queue = new Queue(dir.resolve("queue"), Clock.systemUTC());
        SenderIdentity.Aliases broken = account -> {
            throw new IllegalStateException("database is locked");
        };
        var intake = new Intake(null, new RelayPolicy(List.of()), queue, "mx.example.org", Clock.systemUTC(),
                ip -> false, new SenderIdentity(new SenderCheck(SenderCheck.Mode.STRICT), broken));

        assertThat(intake.mailFrom(ALICE, from("alice@example.org"), MailParameters.NONE).code()).isEqualTo(451);
    }
}
