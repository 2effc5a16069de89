package dev.postern.admin;

import dev.postern.accounts.AccountException;
import dev.postern.accounts.AccountStore;
import dev.postern.accounts.Alias;
import dev.postern.accounts.DomainRemoval;
import dev.postern.accounts.User;
import dev.postern.auth.PasswordHash;
import dev.postern.auth.Scheme;
import dev.postern.config.Settings;
import dev.postern.limits.Grant;
import dev.postern.limits.JdbcGrantStore;
import dev.postern.limits.PopBeforeSmtp;
import dev.postern.net.Cidr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every admin operation, in one service the CLI (and later an admin API) calls: setting up the
 * data directory, domains, users, passwords and aliases, POP-before-SMTP grants. Validation errors raise
 * {@link AccountException} with a message fit for the user.
 */
public final class Admin {
    private static final String PASSWORD_ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Settings settings;
    private final AccountStore store;

    public Admin(Settings settings, AccountStore store) {
        this.settings = settings;
        this.store = store;
    }

    /**
     * Creates what a node needs and is missing: {@code data_dir} with {@code mail/}, {@code queue/},
     * {@code tls/}; the database (migrated); and, when no certificate is configured and the
     * default files do not exist, a self-signed one for {@code hostname}. Idempotent.
     */
    public static InitReport init(Settings settings) throws IOException {
        List<Path> created = new ArrayList<>();
        for (Path dir : List.of(settings.dataDir(), settings.mailDir(), settings.queueDir(), settings.tlsDir())) {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                created.add(dir);
            }
        }
        boolean freshDatabase = !Files.exists(settings.database());
        AccountStore.open(settings.database()).close(); // creates and migrates the schema
        if (freshDatabase) {
            created.add(settings.database());
        }
        Settings.Tls tls = settings.tls();
        if (tls.origin() == Settings.Tls.Origin.DEFAULT) {
            boolean cert = Files.exists(tls.cert());
            boolean key = Files.exists(tls.key());
            if (cert != key) {
                throw new IOException((cert ? tls.key() : tls.cert()) + " is missing while "
                        + (cert ? tls.cert() : tls.key()) + " exists: restore it, or remove both to get a new pair");
            }
            if (!cert) {
                SelfSigned.create(settings.hostname(), tls.cert(), tls.key());
                created.add(tls.cert());
                created.add(tls.key());
            }
        }
        return new InitReport(created);
    }

    /**
     * On a database without any domain, creates one ({@code hostname} if it has a dot, else
     * {@code example.test}) and {@code postmaster@} it with a random password, so a newcomer can
     * send and read mail at once. Empty when a domain already exists.
     */
    public Optional<FirstAccount> firstRun() {
        if (!store.listDomains().isEmpty()) {
            return Optional.empty();
        }
        String domain = settings.hostname().contains(".") ? settings.hostname() : "example.test";
        String address = "postmaster@" + domain;
        char[] password = randomPassword(16);
        store.addDomain(domain);
        store.addUser(address, PasswordHash.hash(password));
        return Optional.of(new FirstAccount(domain, address, new String(password)));
    }

    public void addDomain(String name) {
        store.addDomain(name);
    }

    public List<String> domains() {
        return store.listDomains();
    }

    public void removeDomain(String name, DomainRemoval removal) {
        store.removeDomain(name, removal);
    }

    /** Adds a mailbox in an existing domain; the password is hashed and then wiped from memory. */
    public void addUser(String address, char[] password, Scheme scheme) {
        try {
            store.addUser(address, PasswordHash.hash(checked(password), scheme));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** All users, or those of one domain. */
    public List<User> users(Optional<String> domain) {
        List<User> all = store.listUsers();
        return domain.map(d -> all.stream().filter(u -> u.domain().equalsIgnoreCase(d.strip())).toList())
                .orElse(all);
    }

    public void removeUser(String address) {
        store.removeUser(address);
    }

    public void setPassword(String address, char[] password, Scheme scheme) {
        try {
            store.setPasswordHash(address, PasswordHash.hash(checked(password), scheme));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    public void addAlias(String source, List<String> targets) {
        store.addAlias(source, targets);
    }

    public List<Alias> aliases() {
        return store.listAliases();
    }

    public void removeAlias(String source) {
        store.removeAlias(source);
    }

    /** Active POP-before-SMTP grants, soonest expiry first. */
    public List<Grant> grants() {
        return popBeforeSmtp().list(Instant.now()).stream().sorted(Comparator.comparing(Grant::expiresAt)).toList();
    }

    /** Ends the grant of one client address at once; false when it had none. */
    public boolean revokeGrant(String ip) {
        var address = Cidr.literal(ip.strip())
                .orElseThrow(() -> new AccountException("not an IP address: " + ip));
        return popBeforeSmtp().revoke(address);
    }

    private PopBeforeSmtp popBeforeSmtp() {
        return new PopBeforeSmtp(new JdbcGrantStore(store.dataSource()), settings.popBeforeSmtp().window());
    }

    private static char[] checked(char[] password) {
        if (password.length == 0) {
            throw new AccountException("empty password");
        }
        for (char c : password) {
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new AccountException("password contains a line break or NUL");
            }
        }
        return password;
    }

    private static char[] randomPassword(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length()));
        }
        return out;
    }
}
