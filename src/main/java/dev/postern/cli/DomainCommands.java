package dev.postern.cli;

import dev.postern.accounts.DomainRemoval;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postern domain add|list|remove}. */
@Command(name = "domain", description = "Add, list or remove the domains this server receives mail for.",
        mixinStandardHelpOptions = true,
        subcommands = {DomainCommands.Add.class, DomainCommands.List.class, DomainCommands.Remove.class})
final class DomainCommands implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return PosternCommand.missingSubcommand(spec);
    }

    @Command(name = "add", description = "Host a new domain.", mixinStandardHelpOptions = true)
    static final class Add implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME", description = "Domain name, e.g. example.com.")
        String name;

        @Override
        public Integer call() {
            return AdminSession.run(config, admin -> {
                admin.addDomain(name);
                spec.commandLine().getOut().println("added domain " + name.strip().toLowerCase(java.util.Locale.ROOT));
            });
        }
    }

    @Command(name = "list", description = "List hosted domains, one per line.", mixinStandardHelpOptions = true)
    static final class List implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return AdminSession.run(config, admin -> admin.domains().forEach(spec.commandLine().getOut()::println));
        }
    }

    @Command(name = "remove", description = "Stop hosting a domain (refused while it has users or aliases, unless --force).",
            mixinStandardHelpOptions = true)
    static final class Remove implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--force", description = "Also remove the domain's users and aliases (mail on disk is kept).")
        boolean force;

        @Override
        public Integer call() {
            return AdminSession.run(config, admin -> {
                admin.removeDomain(name, force ? DomainRemoval.FORCE : DomainRemoval.ONLY_IF_EMPTY);
                spec.commandLine().getOut().println("removed domain " + name.strip().toLowerCase(java.util.Locale.ROOT));
            });
        }
    }
}
