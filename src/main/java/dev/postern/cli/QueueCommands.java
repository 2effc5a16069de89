package dev.postern.cli;

import dev.postern.admin.Admin;
import dev.postern.queue.QueueAdmin;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code postern queue list|show|flush|delete|hold|release|summary}: the outbound queue, read and
 * changed through its files, so it works whether or not the server runs.
 */
@Command(name = "queue", description = "The mail queue: list, inspect, flush, hold, release, delete entries.",
        mixinStandardHelpOptions = true, subcommands = {QueueCommands.List.class, QueueCommands.Show.class,
            QueueCommands.Flush.class, QueueCommands.Delete.class, QueueCommands.Hold.class,
            QueueCommands.Release.class, QueueCommands.Summary.class})
final class QueueCommands implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return PosternCommand.missingSubcommand(spec);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "One line per entry: ID, age, size, "
            + "sender, then each recipient with its status (and next attempt or reason).")
    static final class List implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;
        @Option(names = "--domain", paramLabel = "DOMAIN", description = "Only entries with a recipient in DOMAIN.")
        String domain;
        @ArgGroup(exclusive = true)
        Only only;

        static final class Only {
            @Option(names = "--deferred", description = "Only entries with a deferred recipient.")
            boolean deferred;
            @Option(names = "--held", description = "Only entries on hold.")
            boolean held;
        }

        @Override
        public Integer call() {
            var selection = only == null ? QueueAdmin.Selection.ALL
                    : only.deferred ? QueueAdmin.Selection.DEFERRED : QueueAdmin.Selection.HELD;
            PrintWriter out = spec.commandLine().getOut();
            return AdminSession.run(config, admin -> {
                var listings = admin.queueList(Optional.ofNullable(domain), selection);
                listings.forEach(listing -> out.println(QueueFormat.line(listing)));
                if (listings.isEmpty()) {
                    out.println("queue is empty" + (only == null && domain == null ? "" : " (for this selection)"));
                }
            });
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "An entry's envelope and each recipient's status, next attempt and last reply.")
    static final class Show implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return AdminSession.run(config, admin -> spec.commandLine().getOut().print(
                    QueueFormat.detail(admin.queueShow(id))));
        }
    }

    @Command(name = "flush", mixinStandardHelpOptions = true, description = "Make the deferred recipients of ID "
            + "(or of every entry) due now; the server tries them at its next scan (see docs/CLI.md).")
    static final class Flush implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID", arity = "0..1")
        String id;

        @Override
        public Integer call() {
            return AdminSession.run(config, admin -> {
                int n = admin.queueFlush(Optional.ofNullable(id));
                spec.commandLine().getOut().println(id != null ? "flushed " + id.strip()
                        : "flushed " + n + (n == 1 ? " entry" : " entries"));
            });
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Remove entry ID without delivering it and without a bounce to the sender.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        OneEntry entry;

        @Override
        public Integer call() {
            return entry.apply(Admin::queueDelete, "deleted");
        }
    }

    @Command(name = "hold", mixinStandardHelpOptions = true,
            description = "Keep entry ID from delivery until released (it still ages toward the give-up time).")
    static final class Hold implements Callable<Integer> {
        @Mixin
        OneEntry entry;

        @Override
        public Integer call() {
            return entry.apply(Admin::queueHold, "held");
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Let a held entry ID be delivered again.")
    static final class Release implements Callable<Integer> {
        @Mixin
        OneEntry entry;

        @Override
        public Integer call() {
            return entry.apply(Admin::queueRelease, "released");
        }
    }

    /** The arguments of a command on one entry ({@code --config FILE ID}) and how it runs. */
    static final class OneEntry {
        @Mixin
        ConfigOption config;
        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;
        @Parameters(paramLabel = "ID")
        String id;

        /** Runs {@code operation} on the entry and says {@code "<done> ID"}. */
        int apply(BiConsumer<Admin, String> operation, String done) {
            return AdminSession.run(config, admin -> {
                operation.accept(admin, id);
                spec.commandLine().getOut().println(done + " " + id.strip());
            });
        }
    }

    @Command(name = "summary", mixinStandardHelpOptions = true, description = "Undelivered recipients per "
            + "destination domain by age in minutes, like Postfix's qshape.")
    static final class Summary implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return AdminSession.run(config, admin -> spec.commandLine().getOut().print(
                    QueueFormat.table(admin.queueSummary())));
        }
    }
}
