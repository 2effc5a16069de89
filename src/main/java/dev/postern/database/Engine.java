package dev.postern.database;

import java.util.Locale;

/** The SQL engines Postern runs on, told apart by the JDBC URL of {@code database.url}. */
public enum Engine {
    /** One node, nothing to install: a file in the data directory. */
    SQLITE("jdbc:sqlite:"),
    /** Several nodes sharing one server (docs/SCALING.md). */
    POSTGRESQL("jdbc:postgresql:");

    private final String prefix;

    Engine(String prefix) {
        this.prefix = prefix;
    }

    /** The engine a JDBC URL names; anything else is refused with the accepted forms. */
    public static Engine of(String url) {
        for (Engine e : values()) {
            if (url.startsWith(e.prefix)) {
                return e;
            }
        }
        throw new IllegalArgumentException("not a supported JDBC URL: '" + url
                + "' (jdbc:sqlite:/path/postern.db or jdbc:postgresql://host:port/database)");
    }

    /** The name used in engine-specific migration overrides, e.g. {@code V1__accounts.postgresql.sql}. */
    public String fileSuffix() {
        return name().toLowerCase(Locale.ROOT);
    }

    String prefix() {
        return prefix;
    }
}
