package dev.postern.cli;

import dev.postern.dkim.DkimAlgorithm;
import dev.postern.dkim.DkimKeys;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postern dkim generate|rotate|show}: the DKIM signing keys of hosted domains (docs/DKIM.md). */
@Command(name = "dkim", description = "DKIM signing keys of hosted domains and the DNS records to publish.",
        mixinStandardHelpOptions = true,
        subcommands = {DkimCommands.Generate.class, DkimCommands.Rotate.class, DkimCommands.Show.class})
final class DkimCommands implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return PosternCommand.missingSubcommand(spec);
    }

    /** The key type as users name it. */
    enum KeyType {
        rsa(DkimAlgorithm.RSA_SHA256), ed25519(DkimAlgorithm.ED25519_SHA256);

        final DkimAlgorithm algorithm;

        KeyType(DkimAlgorithm algorithm) {
            this.algorithm = algorithm;
        }
    }

    @Command(name = "generate", description = "Generate a signing key (RSA 2048 by default) and print its DNS record.",
            mixinStandardHelpOptions = true)
    static final class Generate implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "DOMAIN", description = "A hosted domain.")
        String domain;
        @Option(names = "--selector", paramLabel = "S", description = "Selector (one DNS label); default ps<date>r or ps<date>e.")
        String selector;
        @Option(names = "--algorithm", paramLabel = "rsa|ed25519", description = "Key type (RFC 8463 for ed25519); default rsa.")
        KeyType type = KeyType.rsa;

        @Override
        public Integer call() {
            return AdminSession.run(config, admin -> {
                var stored = admin.dkimGenerate(domain, Optional.ofNullable(selector), type.algorithm);
                PrintWriter out = spec.commandLine().getOut();
                out.println("generated " + stored.key().algorithm().tag() + " key " + stored.key().selector() + " for "
                        + stored.key().domain() + " (" + state(stored) + ")");
                print(out, stored);
                if (stored.state() == DkimKeys.State.PENDING) {
                    out.println("publish this record, wait for it to be visible, then: postern dkim rotate "
                            + stored.key().domain());
                }
            });
        }
    }

    @Command(name = "rotate", description = "Activate pending keys (retiring the old), or create pending ones to publish.",
            mixinStandardHelpOptions = true)
    static final class Rotate implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "DOMAIN", description = "A hosted domain.")
        String domain;

        @Override
        public Integer call() {
            return AdminSession.run(config, admin -> {
                PrintWriter out = spec.commandLine().getOut();
                for (var stored : admin.dkimRotate(domain)) {
                    out.println(stored.state() == DkimKeys.State.ACTIVE
                            ? "now signing with " + stored.key().selector() + " (" + stored.key().algorithm().tag()
                                    + "); keep the old record published for a week, then remove it"
                            : "new pending key " + stored.key().selector() + ": publish this record, then run "
                                    + "postern dkim rotate " + stored.key().domain() + " again");
                    print(out, stored);
                }
            });
        }
    }

    @Command(name = "show", description = "Print the DNS TXT records of a domain's keys, with their state.",
            mixinStandardHelpOptions = true)
    static final class Show implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "DOMAIN", description = "A hosted domain.")
        String domain;

        @Override
        public Integer call() {
            return AdminSession.run(config, admin -> {
                PrintWriter out = spec.commandLine().getOut();
                var keys = admin.dkimShow(domain);
                if (keys.isEmpty()) {
                    out.println("no DKIM key for " + domain.strip() + ": postern dkim generate " + domain.strip());
                }
                for (var stored : keys) {
                    out.println("; " + state(stored) + " " + stored.key().algorithm().tag());
                    print(out, stored);
                }
            });
        }
    }

    private static String state(DkimKeys.Stored stored) {
        return stored.state().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Zone-file form: strings of at most 255 octets, as DNS hosts' panels accept. */
    static void print(PrintWriter out, DkimKeys.Stored stored) {
        out.println(stored.key().dnsName() + ". IN TXT " + stored.key().txtZoneStrings());
    }
}
