package dev.postern.cli;

import dev.postern.sending.DomainStatus;
import dev.postern.sending.LimitRules;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code postern limits status|reset|set}: the per-domain sending limits (docs/LIMITS.md), read
 * from the accounts database where the running server keeps them, so they work with the server
 * running or not.
 */
@Command(name = "limits", description = "Show, lift or tune the per-domain sending limits.",
        mixinStandardHelpOptions = true,
        subcommands = {LimitsCommands.Status.class, LimitsCommands.Reset.class, LimitsCommands.Set.class})
final class LimitsCommands implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return PosternCommand.missingSubcommand(spec);
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "This hour's delivered/deferred/failed counts, percentage, sent messages and block state "
                    + "of one domain, or of every domain with something recorded.")
    static final class Status implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "DOMAIN", arity = "0..1", description = "e.g. example.com.")
        String domain;

        @Override
        public Integer call() {
            return AdminSession.run(config, admin -> print(spec.commandLine().getOut(),
                    admin.limitsStatus(Optional.ofNullable(domain)), domain != null));
        }

        private static void print(PrintWriter out, List<DomainStatus> domains, boolean details) {
            if (domains.isEmpty()) {
                out.println("no sending recorded this hour");
                return;
            }
            out.printf("%-30s %9s %8s %6s %4s %5s  %s%n", "DOMAIN", "DELIVERED", "DEFERRED", "FAILED", "PCT", "SENT",
                    "STATE");
            for (DomainStatus d : domains) {
                var t = d.tally();
                out.printf("%-30s %9d %8d %6d %3d%% %5d  %s%n", d.domain(), t.delivered(), t.deferred(), t.failed(),
                        t.percent(), t.accepted(), d.state());
            }
            if (details) {
                DomainStatus d = domains.getFirst();
                out.println("window: " + d.windowStart() + " to " + d.windowEnd() + " ("
                        + (d.rules().window() == LimitRules.Window.CLOCK_HOUR ? "clock-hour" : "rolling") + ")");
                var limits = new StringBuilder("limits:");
                for (String name : LimitRules.OVERRIDABLE) {
                    limits.append(' ').append(name).append('=').append(d.rules().value(name))
                            .append(d.overrides().containsKey(name) ? "*" : "");
                }
                out.println(limits + (d.overrides().isEmpty() ? "" : "  (* = set for this domain)"));
            }
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = "Lift a domain's block, zero its counts and release its held messages (they go at "
                    + "their next retry; postern queue flush sends them now).")
    static final class Reset implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "DOMAIN", description = "e.g. example.com.")
        String domain;

        @Override
        public Integer call() {
            return AdminSession.run(config, admin -> {
                if (!admin.limitsReset(domain)) {
                    throw new UserError("nothing recorded for " + domain.strip());
                }
                spec.commandLine().getOut().println("reset " + domain.strip().toLowerCase(java.util.Locale.ROOT));
            });
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Override limits for one domain, e.g. max_emails_per_hour=200 on_block=fail; "
                    + "NAME=default goes back to the config file's value.")
    static final class Set implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DOMAIN", description = "e.g. example.com.")
        String domain;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "NAME=VALUE",
                description = "Any of: min_defer_fail_to_trigger, max_defer_fail_percentage, max_emails_per_hour, "
                        + "defer_cutoff_percentage, on_block, count_retries (limits. prefix optional).")
        List<String> assignments;

        @Override
        public Integer call() {
            var values = new LinkedHashMap<String, String>();
            for (String a : assignments) {
                int eq = a.indexOf('=');
                if (eq <= 0) {
                    throw new UserError("expected NAME=VALUE, got '" + a + "'");
                }
                values.put(a.substring(0, eq), a.substring(eq + 1));
            }
            return AdminSession.run(config, admin -> {
                admin.limitsSet(domain, values);
                spec.commandLine().getOut().println("set " + String.join(" ", assignments) + " for "
                        + domain.strip().toLowerCase(java.util.Locale.ROOT));
            });
        }
    }
}
