package dev.postern.cli;

import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postern explain IP|ADDRESS}: why mail from that client or sender was refused, and the fix. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Why was mail from this client address or sender refused, and what fixes it?",
            "From the server's record of the last day's refusals, failed logins and POP-before-SMTP grants;"
                + " times in the local time zone."})
final class ExplainCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "IP|ADDRESS", description = "A client IP address (203.0.113.9) or a mail address.")
    String target;

    @Override
    public Integer call() {
        return AdminSession.run(config, admin -> admin.explain(target, ZoneId.systemDefault())
                .forEach(spec.commandLine().getOut()::println));
    }
}
