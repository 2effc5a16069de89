package dev.postern.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the configuration file: {@code key = value} lines, {@code #} comments, blank lines,
 * whitespace trimmed. A missing file means all defaults. An unknown key, a line without
 * {@code =}, a key set twice or a bad value is an error naming the key and the file:line.
 */
public final class SettingsLoader {

    /** One effective value; {@code setAt} is {@code file:line} when the file set it. */
    public record Effective(Key key, String value, Optional<String> setAt) {}

    private record Entry(String value, String where) {}

    private SettingsLoader() {
    }

    public static Settings load(Optional<Path> file) {
        return build(read(file));
    }

    /** All defaults, as if no file existed. */
    public static Settings defaults() {
        return build(new EnumMap<>(Key.class));
    }

    /** Every key with its effective text, in {@link Key} order; validates like {@link #load}. */
    public static List<Effective> effective(Optional<Path> file) {
        Map<Key, Entry> entries = read(file);
        build(entries);
        List<Effective> out = new ArrayList<>();
        for (Key key : Key.values()) {
            Entry e = entries.get(key);
            out.add(e == null
                    ? new Effective(key, key.defaultValue(), Optional.empty())
                    : new Effective(key, e.value(), Optional.of(e.where())));
        }
        return out;
    }

    private static Map<Key, Entry> read(Optional<Path> file) {
        Map<Key, Entry> entries = new EnumMap<>(Key.class);
        if (file.isEmpty()) {
            return entries;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file.get(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return entries;
        } catch (IOException e) {
            throw new SettingsException("cannot read " + file.get() + ": " + e.getMessage());
        }
        for (int i = 0; i < lines.size(); i++) {
            String where = file.get() + ":" + (i + 1);
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new SettingsException(where + ": expected 'key = value', got '" + line + "'");
            }
            String name = line.substring(0, eq).strip();
            Key key = Key.named(name).orElseThrow(() -> new SettingsException(
                    where + ": unknown key '" + name + "' (postern config lists the known keys)"));
            Entry earlier = entries.put(key, new Entry(line.substring(eq + 1).strip(), where));
            if (earlier != null) {
                throw new SettingsException(where + ": key '" + name + "' already set at " + earlier.where());
            }
        }
        return entries;
    }

    private static Settings.InboundChecks.SpfFail spfFail(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "reject" -> Settings.InboundChecks.SpfFail.REJECT;
            case "mark" -> Settings.InboundChecks.SpfFail.MARK;
            default -> throw new IllegalArgumentException("'" + text + "' is not reject or mark");
        };
    }

    private static Settings build(Map<Key, Entry> entries) {
        var v = new Reader(entries);
        // A path the OS cannot name (a NUL in it, found by SettingsLoaderFuzzTest) is a bad value
        // like any other, not an InvalidPathException escaping the loader.
        Path dataDir = v.get(Key.DATA_DIR, text -> Path.of(text.isEmpty() ? "." : text));
        return new Settings(
                v.get(Key.HOSTNAME, Values::hostname),
                dataDir,
                new Settings.Listeners(
                        v.get(Key.SMTP_LISTEN, Values::listen),
                        v.get(Key.SUBMISSION_LISTEN, Values::listen),
                        v.get(Key.SUBMISSIONS_LISTEN, Values::listen),
                        v.get(Key.POP3_LISTEN, Values::listen),
                        v.get(Key.POP3S_LISTEN, Values::listen)),
                tls(v, dataDir),
                v.get(Key.MESSAGE_SIZE_LIMIT, Values::size),
                new Settings.Relay(v.get(Key.RELAY_TRUSTED_NETWORKS, Values::cidrs)),
                new Settings.Smtp(
                        v.get(Key.SMTP_MAX_CONNECTIONS, Values::count),
                        v.get(Key.SMTP_MAX_CONNECTIONS_PER_IP, Values::count),
                        v.get(Key.SMTP_MAX_RECIPIENTS, Values::count),
                        v.get(Key.SMTP_MAX_BAD_COMMANDS, Values::count),
                        v.get(Key.SMTP_COMMAND_TIMEOUT, Values::duration),
                        v.get(Key.SMTP_DATA_TIMEOUT, Values::duration),
                        v.get(Key.SMTP_DATA_DEADLINE, Values::duration)),
                new Settings.Auth(
                        v.get(Key.AUTH_REQUIRE_TLS, Values::bool),
                        v.get(Key.AUTH_ALLOW_PLAINTEXT_LOOPBACK, Values::bool),
                        v.get(Key.AUTH_LEGACY_ADVERTISE, Values::bool),
                        v.get(Key.AUTH_THROTTLE_ALLOWLIST, Values::cidrs),
                        v.get(Key.SUBMISSION_SENDER_CHECK, Values::senderCheck)),
                new Settings.Queue(
                        v.get(Key.QUEUE_RETRY_FIRST, Values::duration),
                        v.get(Key.QUEUE_RETRY_MAX, Values::duration),
                        v.get(Key.QUEUE_MAX_LIFETIME, Values::duration),
                        v.get(Key.QUEUE_DELAY_WARNING, Values::duration),
                        v.get(Key.QUEUE_MIN_FREE_SPACE, Values::size)),
                new Settings.Log(v.get(Key.LOG_LEVEL, Values::level)),
                new Settings.PopBeforeSmtp(v.get(Key.POP_BEFORE_SMTP_WINDOW, Values::durationOrOff)),
                new Settings.Delivery(v.text(Key.DELIVERY_ROUTES), v.text(Key.DELIVERY_RELAYHOST),
                        v.text(Key.DELIVERY_RELAYHOST_AUTH), v.text(Key.DELIVERY_RELAYHOST_TLS),
                        v.get(Key.DNS_SERVERS, Values::listen), v.get(Key.DELIVERY_LOCAL_AT_INTAKE, Values::bool)),
                new Settings.Limits(
                        v.get(Key.LIMITS_WINDOW, Values::limitsWindow),
                        v.get(Key.LIMITS_MIN_DEFER_FAIL_TO_TRIGGER, Values::count),
                        v.get(Key.LIMITS_MAX_DEFER_FAIL_PERCENTAGE, Values::percentOrOff),
                        v.get(Key.LIMITS_MAX_EMAILS_PER_HOUR, Values::countOrOff),
                        v.get(Key.LIMITS_DEFER_CUTOFF_PERCENTAGE, Values::cutoffPercentage),
                        v.get(Key.LIMITS_ON_BLOCK, Values::onBlock),
                        v.get(Key.LIMITS_COUNT_RETRIES, Values::bool)),
                database(v, dataDir),
                new Settings.Http(v.get(Key.HTTP_LISTEN, Values::listen), v.get(Key.HTTP_TLS, Values::bool)),
                new Settings.InboundChecks(v.get(Key.INBOUND_DMARC_REJECT, Values::bool),
                        v.get(Key.INBOUND_SPF_FAIL, SettingsLoader::spfFail)));
    }

    private static Settings.Database database(Reader v, Path dataDir) {
        int poolSize = v.get(Key.DATABASE_POOL_SIZE, Values::count);
        String url = v.get(Key.DATABASE_URL, text -> {
            if (!text.isEmpty() && !text.startsWith("jdbc:sqlite:") && !text.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("expected jdbc:postgresql://host:port/database (or "
                        + "jdbc:sqlite:/path/postern.db, or empty for " + dataDir.resolve("postern.db") + ")");
            }
            return text;
        });
        return url.isEmpty() ? Settings.Database.sqlite(dataDir.resolve("postern.db"), poolSize)
                : new Settings.Database(url, poolSize);
    }

    private static Settings.Tls tls(Reader v, Path dataDir) {
        String cert = v.text(Key.TLS_CERT);
        String key = v.text(Key.TLS_KEY);
        if (cert.isEmpty() && key.isEmpty()) {
            Path dir = dataDir.resolve("tls");
            return new Settings.Tls(dir.resolve("cert.pem"), dir.resolve("key.pem"), Settings.Tls.Origin.DEFAULT);
        }
        if (cert.isEmpty() || key.isEmpty()) {
            Key missing = cert.isEmpty() ? Key.TLS_CERT : Key.TLS_KEY;
            throw new SettingsException("bad value for " + missing.key()
                    + ": tls.cert and tls.key must be set together (or both left empty)");
        }
        return new Settings.Tls(v.get(Key.TLS_CERT, Path::of), v.get(Key.TLS_KEY, Path::of), Settings.Tls.Origin.CONFIGURED);
    }

    /** Looks up each key's text (file or default) and parses it, wrapping errors with the place. */
    private record Reader(Map<Key, Entry> entries) {
        String text(Key key) {
            Entry e = entries.get(key);
            return e == null ? key.defaultValue() : e.value();
        }

        <T> T get(Key key, java.util.function.Function<String, T> parser) {
            try {
                return parser.apply(text(key));
            } catch (IllegalArgumentException e) {
                Entry entry = entries.get(key);
                String where = entry == null ? "default" : entry.where();
                throw new SettingsException(where + ": bad value for " + key.key() + ": " + e.getMessage());
            }
        }
    }
}
