package dev.postern.cli;

import dev.postern.Postern;
import dev.postern.accounts.AccountStore;
import dev.postern.admin.Admin;
import dev.postern.admin.FirstAccount;
import dev.postern.admin.InitReport;
import dev.postern.config.Settings;
import dev.postern.config.SettingsLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code postern init}, {@code postern serve} and {@code postern config}. */
final class SetupCommands {
    private SetupCommands() {
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create data_dir (mail/, queue/, tls/), the database and, unless tls.cert/tls.key "
                    + "are configured, a self-signed certificate. Safe to run again.")
    static final class Init implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Settings settings = config.settings();
            report(Admin.init(settings), settings, spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Run the mail server (runs init first; on an empty database creates a first domain "
                    + "and postmaster mailbox and prints its password once).")
    static final class Serve implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Settings settings = config.settings();
            PrintWriter out = spec.commandLine().getOut();
            report(Admin.init(settings), settings, out);
            var tls = Postern.loadTls(settings); // beside the first-run check and the rest of start-up
            Optional<FirstAccount> first;
            try (AccountStore store = AccountStore.open(settings.database())) {
                first = new Admin(settings, store).firstRun();
            }
            first.ifPresent(account -> announce(account, out));
            out.flush();
            Postern.serve(settings, tls);
            return 0;
        }
    }

    @Command(name = "config", mixinStandardHelpOptions = true,
            description = "Print every effective setting as 'key = value', marking defaults.")
    static final class Config implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Optional<Path> file = config.file();
            java.util.List<SettingsLoader.Effective> effective = SettingsLoader.effective(file);
            out.println("# effective settings" + file.map(f -> " from " + f).orElse(" (no --config: all defaults)"));
            for (SettingsLoader.Effective e : effective) {
                // A password riding in database.url is not for the screen (or a pasted bug report).
                String text = e.value().replaceAll("(?i)(password=)[^&;]*", "$1***");
                String value = text.isEmpty() ? "" : " " + text;
                out.println(e.key().key() + " =" + value + (e.setAt().isEmpty() ? "  # default" : ""));
            }
            return 0;
        }
    }

    private static void report(InitReport report, Settings settings, PrintWriter out) {
        if (report.created().isEmpty()) {
            out.println("data directory " + settings.dataDir() + " is ready");
        }
        report.created().forEach(path -> out.println("created " + path));
    }

    private static void announce(FirstAccount account, PrintWriter out) {
        out.println();
        out.println("First run: created domain " + account.domain() + " and its postmaster mailbox.");
        out.println("  address:  " + account.address());
        out.println("  password: " + account.password());
        out.println("This password is shown only once; change it with: postern user passwd " + account.address());
        out.println();
    }
}
