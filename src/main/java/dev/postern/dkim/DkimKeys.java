package dev.postern.dkim;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The signing keys, in the accounts database (table {@code dkim_keys}, migration V6), so every
 * node sharing a PostgreSQL database signs with the same keys and the CLI works whether or not
 * the server runs. Per domain and algorithm at most one key is {@code active}; a new key starts
 * {@code pending} when one is active, so no mail is signed before its record can be published.
 */
public final class DkimKeys {

    /** A key's life: pending (publish its record), active (signs), retired (its record may go). */
    public enum State { PENDING, ACTIVE, RETIRED }

    /** One stored key. */
    public record Stored(SigningKey key, State state, long created) {}

    private final DataSource dataSource;
    private final Clock clock;

    public DkimKeys(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Generates and stores a key; active when the domain has none of that algorithm, else pending. */
    public Stored generate(String domain, String selector, DkimAlgorithm algorithm) {
        String d = DomainName.normal(domain);
        String s = selector.toLowerCase(Locale.ROOT);
        if (!DomainName.valid(d) || !DomainName.valid(s) || s.contains(".")) {
            throw new IllegalArgumentException("not a domain and a selector (one DNS label): " + domain + " " + selector);
        }
        List<Stored> existing = keys(d);
        if (existing.stream().anyMatch(k -> k.key().selector().equals(s))) {
            throw new IllegalArgumentException("selector " + s + " is already used for " + d + ": choose another");
        }
        boolean hasActive = existing.stream().anyMatch(k -> k.state() == State.ACTIVE && k.key().algorithm() == algorithm);
        try {
            var pair = KeyPem.generate(algorithm);
            State state = hasActive ? State.PENDING : State.ACTIVE;
            long now = clock.instant().getEpochSecond();
            update("INSERT INTO dkim_keys (domain, selector, algorithm, private_key, state, created) VALUES (?, ?, ?, ?, ?, ?)",
                    d, s, algorithm.tag(), KeyPem.pem(pair.getPrivate()), state.name().toLowerCase(Locale.ROOT), now);
            return new Stored(new SigningKey(d, s, algorithm, pair.getPrivate(), pair.getPublic()), state, now);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + algorithm.tag() + " key", e);
        }
    }

    /**
     * RFC 6376 §3.1 leaves selectors free; ours name the day and the key type ({@code
     * ps20261129r}, {@code ps20261129e}), with a counter when that one is taken.
     */
    public String nextSelector(String domain, DkimAlgorithm algorithm) {
        String day = java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC)
                .format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        String base = "ps" + day + (algorithm == DkimAlgorithm.RSA_SHA256 ? "r" : "e");
        var taken = keys(domain).stream().map(k -> k.key().selector()).collect(java.util.stream.Collectors.toSet());
        String selector = base;
        for (int n = 2; taken.contains(selector); n++) {
            selector = base + n;
        }
        return selector;
    }

    /** Makes the pending keys of a domain active and retires the keys they replace; the promoted keys. */
    public List<Stored> promote(String domain) {
        String d = DomainName.normal(domain);
        var promoted = new ArrayList<Stored>();
        for (Stored pending : keys(d).stream().filter(k -> k.state() == State.PENDING).toList()) {
            String algorithm = pending.key().algorithm().tag();
            update("UPDATE dkim_keys SET state = 'retired' WHERE domain = ? AND algorithm = ? AND state = 'active'",
                    d, algorithm);
            update("UPDATE dkim_keys SET state = 'active' WHERE domain = ? AND selector = ?", d, pending.key().selector());
            promoted.add(new Stored(pending.key(), State.ACTIVE, pending.created()));
        }
        return promoted;
    }

    /** The keys that sign mail from {@code domain} now. */
    public List<SigningKey> active(String domain) {
        return keys(DomainName.normal(domain)).stream().filter(k -> k.state() == State.ACTIVE).map(Stored::key).toList();
    }

    /** Every key of a domain, oldest first. */
    public List<Stored> keys(String domain) {
        String sql = "SELECT domain, selector, algorithm, private_key, state, created FROM dkim_keys WHERE domain = ? "
                + "ORDER BY created, selector";
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, DomainName.normal(domain));
            var out = new ArrayList<Stored>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(row(r));
                }
            }
            return out;
        } catch (SQLException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the DKIM keys of " + domain, e);
        }
    }

    private static Stored row(ResultSet r) throws SQLException, GeneralSecurityException {
        var algorithm = DkimAlgorithm.ofTag(r.getString(3)).orElseThrow(
                () -> new GeneralSecurityException("unknown algorithm in dkim_keys"));
        var pair = KeyPem.read(r.getString(4), algorithm);
        var key = new SigningKey(r.getString(1), r.getString(2), algorithm, pair.getPrivate(), pair.getPublic());
        return new Stored(key, State.valueOf(r.getString(5).toUpperCase(Locale.ROOT)), r.getLong(6));
    }

    private void update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                p.setObject(i + 1, params[i]);
            }
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the DKIM key change", e);
        }
    }
}
