package dev.postern.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postern alias add|list|remove}. */
@Command(name = "alias", description = "Forward addresses (or a whole domain, @domain) to other addresses.",
        mixinStandardHelpOptions = true,
        subcommands = {AliasCommands.Add.class, AliasCommands.List.class, AliasCommands.Remove.class})
final class AliasCommands implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return PosternCommand.missingSubcommand(spec);
    }

    @Command(name = "add", description = "Forward SOURCE to TARGET(s); SOURCE @domain is the domain's catch-all.",
            mixinStandardHelpOptions = true)
    static final class Add implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "SOURCE", description = "local@domain, or @domain for a catch-all.")
        String source;
        @Parameters(index = "1..*", arity = "1..*", split = ",", paramLabel = "TARGET",
                description = "Addresses to forward to (comma-separated or several arguments); may be remote.")
        java.util.List<String> targets;

        @Override
        public Integer call() {
            return AdminSession.run(config, admin -> {
                admin.addAlias(source, targets);
                spec.commandLine().getOut().println("alias " + source.strip() + " -> " + String.join(", ", targets));
            });
        }
    }

    @Command(name = "list", description = "List aliases as 'source -> target, target'.", mixinStandardHelpOptions = true)
    static final class List implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return AdminSession.run(config, admin -> admin.aliases().forEach(alias -> spec.commandLine().getOut()
                    .println(alias.source() + " -> " + String.join(", ", alias.targets()))));
        }
    }

    @Command(name = "remove", description = "Remove an alias with all its targets.", mixinStandardHelpOptions = true)
    static final class Remove implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "SOURCE")
        String source;

        @Override
        public Integer call() {
            return AdminSession.run(config, admin -> {
                admin.removeAlias(source);
                spec.commandLine().getOut().println("removed alias " + source.strip());
            });
        }
    }
}
