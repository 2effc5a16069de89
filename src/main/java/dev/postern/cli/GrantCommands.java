package dev.postern.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postern grants list|revoke}: the POP-before-SMTP grants (a POP3 login lets its IP relay). */
@Command(name = "grants", description = "POP-before-SMTP: client addresses that may relay after a POP3 login.",
        mixinStandardHelpOptions = true, subcommands = {GrantCommands.List.class, GrantCommands.Revoke.class})
final class GrantCommands implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return PosternCommand.missingSubcommand(spec);
    }

    @Command(name = "list", description = "List active grants as 'IP  account  expires-at (UTC)'.",
            mixinStandardHelpOptions = true)
    static final class List implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return AdminSession.run(config, admin -> admin.grants().forEach(grant -> spec.commandLine().getOut()
                    .printf("%-39s %-40s %s%n", grant.ip().getHostAddress(), grant.account(), grant.expiresAt())));
        }
    }

    @Command(name = "revoke", description = "End the grant of IP now: it must authenticate (or log in again).",
            mixinStandardHelpOptions = true)
    static final class Revoke implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "IP")
        String ip;

        @Override
        public Integer call() {
            return AdminSession.run(config, admin -> spec.commandLine().getOut().println(
                    admin.revokeGrant(ip) ? "revoked the grant of " + ip.strip() : "no active grant for " + ip.strip()));
        }
    }
}
