package dev.postern.auth;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a Dovecot passwd-file ({@code user:password:uid:gid:gecos:home:shell:extra_fields}, only
 * the first two fields used) so a host can move its customers over without resetting passwords.
 * Every line is checked before anything is imported: each bad line becomes a {@link Problem} with
 * its number, never a silent skip.
 */
public final class PasswdFile {

    /** Schemes {@link PasswordHash#verify} understands; anything else could never log in. */
    private static final Set<String> SCHEMES = Set.of("ARGON2ID", "ARGON2I", "BLF-CRYPT", "SHA512-CRYPT",
            "SHA256-CRYPT", "SSHA512", "SHA512", "PLAIN", "CLEAR");

    private PasswdFile() {
    }

    /** One user to import: canonical {@code user@domain} and the stored {@code {SCHEME}hash}, as is. */
    public record Entry(int line, String address, String hash) {

        public String domain() {
            return address.substring(address.lastIndexOf('@') + 1);
        }

        /** {@code {PLAIN}} and {@code {CLEAR}} keep the password readable: warn the admin. */
        public boolean plaintext() {
            String scheme = hash.substring(1, hash.indexOf('}')).toUpperCase(Locale.ROOT);
            return scheme.equals("PLAIN") || scheme.equals("CLEAR");
        }

        @Override
        public String toString() {
            return "Entry[line=" + line + ", address=" + address + ", hash=<hidden>]";
        }
    }

    /** A line that cannot be imported, and why. */
    public record Problem(int line, String message) {
    }

    public record Parsed(List<Entry> entries, List<Problem> problems) {
        public Parsed {
            entries = List.copyOf(entries);
            problems = List.copyOf(problems);
        }
    }

    /** Parses the lines of a passwd-file; blank lines and {@code #} comments are skipped. */
    public static Parsed parse(List<String> lines) {
        var entries = new ArrayList<Entry>();
        var problems = new ArrayList<Problem>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int number = i + 1;
            String[] fields = line.split(":", -1);
            String address = fields[0].strip().toLowerCase(Locale.ROOT);
            String hash = fields.length > 1 ? fields[1].strip() : "";
            String problem = problem(address, hash);
            if (problem == null && !seen.add(address)) {
                problem = address + " appears twice";
            }
            if (problem != null) {
                problems.add(new Problem(number, problem));
            } else {
                entries.add(new Entry(number, address, hash));
            }
        }
        return new Parsed(entries, problems);
    }

    private static String problem(String address, String hash) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1 || address.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            return "'" + address + "' is not user@domain";
        }
        if (!hash.startsWith("{") || hash.indexOf('}') < 2) {
            return address + ": password has no {SCHEME} prefix (Dovecot's default_pass_scheme is not guessed)";
        }
        String scheme = hash.substring(1, hash.indexOf('}')).toUpperCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            return address + ": scheme {" + scheme + "} is not supported (use " + String.join(", ", SCHEMES.stream().sorted().toList()) + ")";
        }
        if (hash.length() == hash.indexOf('}') + 1) {
            return address + ": empty password hash";
        }
        return null;
    }
}
