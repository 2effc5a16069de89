package dev.postern.auth;

/** The schemes Postern writes new hashes in; the name is Dovecot's {@code {SCHEME}} prefix. */
public enum Scheme {
    ARGON2ID("ARGON2ID"),
    BLF_CRYPT("BLF-CRYPT");

    private final String dovecotName;

    Scheme(String dovecotName) {
        this.dovecotName = dovecotName;
    }

    public String dovecotName() {
        return dovecotName;
    }

    /** Accepts Dovecot's spelling ({@code BLF-CRYPT}) or the constant name, any case. */
    public static Scheme named(String name) {
        for (Scheme s : values()) {
            if (s.dovecotName.equalsIgnoreCase(name) || s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scheme '" + name + "': use ARGON2ID or BLF-CRYPT");
    }
}
