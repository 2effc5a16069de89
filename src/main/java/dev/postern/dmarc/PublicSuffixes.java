package dev.postern.dmarc;

import dev.postern.dkim.DomainName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Organizational domains (RFC 7489 §3.2) from the Public Suffix List. Debian's {@code
 * publicsuffix} package keeps it at {@link #DEBIAN}; without the file every domain's last label is
 * its public suffix (the PSL's default rule "*"), which errs towards strict alignment.
 */
public final class PublicSuffixes {

    public static final Path DEBIAN = Path.of("/usr/share/publicsuffix/public_suffix_list.dat");
    private static final Logger log = LoggerFactory.getLogger(PublicSuffixes.class);

    private final Set<String> rules;

    PublicSuffixes(Set<String> rules) {
        this.rules = Set.copyOf(rules);
    }

    /** The list at {@code file}, or only the default rule when it cannot be read. */
    public static PublicSuffixes load(Path file) {
        var rules = new HashSet<String>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String rule = line.strip();
                if (!rule.isEmpty() && !rule.startsWith("//")) {
                    rules.add(rule.split("\\s")[0].toLowerCase(java.util.Locale.ROOT));
                }
            }
        } catch (IOException e) {
            log.warn("no public suffix list at {} ({}): organizational domains fall back to the last two labels",
                    file, e.toString());
        }
        return new PublicSuffixes(rules);
    }

    /** RFC 7489 §3.2: the public suffix plus one label; the name itself when it is a public suffix. */
    public String organizational(String domain) {
        String[] labels = DomainName.normal(domain).split("\\.");
        int suffix = suffixLabels(labels);
        int keep = Math.min(labels.length, suffix + 1);
        return String.join(".", java.util.Arrays.copyOfRange(labels, labels.length - keep, labels.length));
    }

    /** How many labels (from the right) the longest matching rule covers; exceptions win (PSL algorithm). */
    private int suffixLabels(String[] labels) {
        int best = 1; // the default rule "*"
        for (int n = 1; n <= labels.length; n++) {
            String name = String.join(".", java.util.Arrays.copyOfRange(labels, labels.length - n, labels.length));
            if (rules.contains("!" + name)) {
                return n - 1;
            }
            if (rules.contains(name)) {
                best = n;
            }
            if (n < labels.length && rules.contains("*." + name)) {
                best = n + 1;
            }
        }
        return best;
    }
}
