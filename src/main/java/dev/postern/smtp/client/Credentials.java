package dev.postern.smtp.client;

/** AUTH PLAIN credentials for a smarthost (RFC 4954, RFC 4616). */
public record Credentials(String user, String password) {

    /** Parses {@code user:password} (the password may contain colons). */
    public static Credentials parse(String userColonPassword) {
        int colon = userColonPassword.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected user:password");
        }
        return new Credentials(userColonPassword.substring(0, colon), userColonPassword.substring(colon + 1));
    }

    @Override
    public String toString() {
        return "Credentials[" + user + ", ****]";
    }
}
