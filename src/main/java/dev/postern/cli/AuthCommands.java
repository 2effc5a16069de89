package dev.postern.cli;

import dev.postern.limits.AuthThrottle;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code postern auth status|unban}: the login throttle, read from the accounts database where the
 * running server keeps it, so what is shown is what the server enforces.
 */
@Command(name = "auth", description = "Show or lift login throttling (failed SMTP AUTH / POP3 logins).",
        mixinStandardHelpOptions = true, subcommands = {AuthCommands.Status.class, AuthCommands.Unban.class})
final class AuthCommands implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return PosternCommand.missingSubcommand(spec);
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "List client addresses and accounts with recent failed logins, and their bans.")
    static final class Status implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return AdminSession.run(config, admin -> print(spec.commandLine().getOut(), admin.authStatus(Instant.now())));
        }

        private static void print(PrintWriter out, java.util.List<AuthThrottle.Entry> entries) {
            if (entries.isEmpty()) {
                out.println("no failed logins recorded");
                return;
            }
            out.printf("%-8s %-40s %8s %7s  %s%n", "SCOPE", "ADDRESS/ACCOUNT", "FAILURES", "STRIKES", "BANNED UNTIL");
            for (var e : entries) {
                out.printf("%-8s %-40s %8d %7d  %s%n", e.scope().name().toLowerCase(java.util.Locale.ROOT), e.key(),
                        e.recentFailures(), e.strikes(), e.bannedUntil().map(Instant::toString).orElse("-"));
            }
        }
    }

    @Command(name = "unban", mixinStandardHelpOptions = true,
            description = "Lift the ban and forget the failures of an IP address (IPv6: its /64) or an account.")
    static final class Unban implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "IP|ACCOUNT", description = "e.g. 192.0.2.7, 2001:db8::1 or alice@example.com.")
        String target;

        @Override
        public Integer call() {
            return AdminSession.run(config, admin -> {
                if (!admin.authUnban(target)) {
                    throw new UserError("nothing recorded for " + target.strip());
                }
                spec.commandLine().getOut().println("unbanned " + target.strip());
            });
        }
    }
}
