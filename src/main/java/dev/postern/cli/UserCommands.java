package dev.postern.cli;

import dev.postern.accounts.User;
import dev.postern.auth.Scheme;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postern user add|list|remove|passwd}. */
@Command(name = "user", description = "Add, list or remove mailboxes, or set their passwords.",
        mixinStandardHelpOptions = true,
        subcommands = {UserCommands.Add.class, UserCommands.List.class, UserCommands.Remove.class,
            UserCommands.Passwd.class})
final class UserCommands implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return PosternCommand.missingSubcommand(spec);
    }

    /** Where the new password comes from, and how it is hashed. */
    static final class PasswordOptions {
        @Option(names = "--password-stdin", description = "Read the password as one line from standard input.")
        boolean stdin;
        @Option(names = "--scheme", paramLabel = "SCHEME", converter = SchemeConverter.class, defaultValue = "ARGON2ID",
                description = "Hash scheme: ARGON2ID (default) or BLF-CRYPT.")
        Scheme scheme;

        char[] read(CommandSpec spec, String address) {
            return stdin ? Passwords.fromStdin(PosternCommand.of(spec).stdin()) : Passwords.fromTerminal(address);
        }
    }

    static final class SchemeConverter implements picocli.CommandLine.ITypeConverter<Scheme> {
        @Override
        public Scheme convert(String value) {
            try {
                return Scheme.named(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Command(name = "add", description = "Add a mailbox; its domain must exist.", mixinStandardHelpOptions = true)
    static final class Add implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Mixin
        PasswordOptions password;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ADDRESS", description = "Mailbox address, e.g. alice@example.com.")
        String address;

        @Override
        public Integer call() {
            return AdminSession.run(config, admin -> {
                admin.addUser(address, password.read(spec, address), password.scheme);
                spec.commandLine().getOut().println("added user " + address.strip());
            });
        }
    }

    @Command(name = "list", description = "List mailboxes, one per line.", mixinStandardHelpOptions = true)
    static final class List implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "DOMAIN", arity = "0..1", description = "Only this domain's mailboxes.")
        String domain;

        @Override
        public Integer call() {
            return AdminSession.run(config, admin -> admin.users(Optional.ofNullable(domain)).stream()
                    .map(User::address).forEach(spec.commandLine().getOut()::println));
        }
    }

    @Command(name = "remove", description = "Remove a mailbox (its mail on disk is kept).", mixinStandardHelpOptions = true)
    static final class Remove implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ADDRESS")
        String address;

        @Override
        public Integer call() {
            return AdminSession.run(config, admin -> {
                admin.removeUser(address);
                spec.commandLine().getOut().println("removed user " + address.strip());
            });
        }
    }

    @Command(name = "passwd", description = "Set a mailbox's password.", mixinStandardHelpOptions = true)
    static final class Passwd implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Mixin
        PasswordOptions password;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ADDRESS")
        String address;

        @Override
        public Integer call() {
            return AdminSession.run(config, admin -> {
                admin.setPassword(address, password.read(spec, address), password.scheme);
                spec.commandLine().getOut().println("password changed for " + address.strip());
            });
        }
    }
}
