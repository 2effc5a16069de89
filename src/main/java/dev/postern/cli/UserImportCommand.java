package dev.postern.cli;

import dev.postern.admin.UserImport;
import dev.postern.auth.PasswdFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code postern user import FILE}: users from a Dovecot passwd-file, hashes kept as they are. A
 * file with any bad line imports nothing: every bad line is listed, fix them and run again.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import mailboxes from a Dovecot passwd-file (user@domain:{SCHEME}hash:...), keeping "
                + "their password hashes; existing users are left unchanged.")
final class UserImportCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "FILE", description = "The passwd-file, e.g. /etc/dovecot/users.")
    Path file;
    @Option(names = "--create-domains", description = "Create the domains the file names that are not hosted yet.")
    boolean createDomains;

    @Override
    public Integer call() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
        var parsed = PasswdFile.parse(lines);
        PrintWriter err = spec.commandLine().getErr();
        if (!parsed.problems().isEmpty()) {
            parsed.problems().forEach(p -> err.println("postern: " + file + ":" + p.line() + ": " + p.message()));
            err.println("postern: nothing imported; fix the lines above and run again");
            return PosternCommand.USER_ERROR;
        }
        for (var entry : parsed.entries()) {
            if (entry.plaintext()) {
                err.println("warning: " + file + ":" + entry.line() + ": " + entry.address()
                        + " has a {PLAIN} password, stored readable; have it changed (postern user passwd)");
            }
        }
        return AdminSession.run(config, admin -> report(admin.importUsers(parsed.entries(), createDomains)));
    }

    private void report(UserImport result) {
        PrintWriter out = spec.commandLine().getOut();
        result.createdDomains().forEach(d -> out.println("added domain " + d));
        result.imported().forEach(a -> out.println("imported user " + a));
        result.kept().forEach(a -> out.println("kept existing user " + a + " (unchanged)"));
        out.println("imported " + result.imported().size() + ", kept " + result.kept().size());
    }
}
