package dev.postern.cli;

import dev.postern.accounts.AccountStore;
import dev.postern.check.Check;
import dev.postern.check.DnsLookup;
import dev.postern.check.DnsjavaLookup;
import dev.postern.check.Report;
import dev.postern.config.Settings;
import dev.postern.dkim.DkimKeys;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code postern check}: configuration, certificate, and the DNS records each hosted domain needs. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate the configuration and the certificate (expiry, names), and print for each hosted "
                + "domain the DNS records to publish (MX, SPF, DMARC, SRV, autoconfig/autodiscover), marking "
                + "those missing when DNS (dns.servers) answers.",
            "Exit status 0 when nothing needs doing, 1 when something is wrong or missing."})
final class CheckCommand implements Callable<Integer> {
    /** Each question; the first unanswered one stops the lookups, so a dead server costs this once. */
    private static final Duration DNS_TIMEOUT = Duration.ofSeconds(3);

    @Mixin
    ConfigOption config;
    @Spec
    CommandSpec spec;
    @Option(names = "--no-dns", description = "Print the records to publish without looking them up.")
    boolean noDns;

    @Override
    public Integer call() {
        Settings settings = config.settings();
        PrintWriter out = spec.commandLine().getOut();
        List<String> domains = List.of();
        Map<String, List<DkimKeys.Stored>> dkim = new HashMap<>();
        // PostgreSQL is always asked; the embedded database only once init has made its file.
        if (settings.database().embeddedFile().map(Files::exists).orElse(true)) {
            try (AccountStore store = AccountStore.open(settings.database())) {
                domains = store.listDomains();
                var keys = new DkimKeys(store.dataSource(), Clock.systemUTC());
                domains.forEach(domain -> dkim.put(domain, keys.keys(domain)));
            }
        } else {
            out.println("no database at " + settings.database() + " yet (postern init creates it): no domains to check");
        }
        Optional<DnsLookup> dns = noDns ? Optional.empty()
                : Optional.of(new DnsjavaLookup(settings.delivery().dnsServers(), DNS_TIMEOUT));
        Report report = Check.run(settings, domains, domain -> dkim.getOrDefault(domain, List.of()), dns,
                Clock.systemUTC());
        report.print(out);
        out.flush();
        return report.problems() == 0 ? 0 : PosternCommand.USER_ERROR;
    }
}
