package dev.postern.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password hashes in Dovecot's {@code {SCHEME}encoded} form, so accounts move between Dovecot
 * and Postern either way. Writes {@code ARGON2ID} (default) or {@code BLF-CRYPT}; verifies those
 * and ARGON2I, SHA512-CRYPT, SHA256-CRYPT, SSHA512, SHA512, PLAIN/CLEAR. Every comparison of
 * secrets is constant-time ({@link MessageDigest#isEqual}).
 */
public final class PasswordHash {
    private static final Logger LOG = LoggerFactory.getLogger(PasswordHash.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BCRYPT_COST = 10;

    private PasswordHash() {
    }

    /** Hashes with {@link Scheme#ARGON2ID}. */
    public static String hash(char[] password) {
        return hash(password, Scheme.ARGON2ID);
    }

    public static String hash(char[] password, Scheme scheme) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return switch (scheme) {
            case ARGON2ID -> {
                byte[] bytes = utf8(password);
                try {
                    yield "{ARGON2ID}" + Argon2.hash(bytes, salt);
                } finally {
                    Arrays.fill(bytes, (byte) 0);
                }
            }
            // Dovecot writes $2y$; OpenBSDBCrypt accepts the char[] directly.
            case BLF_CRYPT -> "{BLF-CRYPT}" + OpenBSDBCrypt.generate("2y", password, salt, BCRYPT_COST);
        };
    }

    /** True when {@code password} matches {@code stored}; false (never an exception) otherwise. */
    public static boolean verify(char[] password, String stored) {
        if (stored == null || !stored.startsWith("{") || stored.indexOf('}') < 0) {
            LOG.warn("password hash without a {SCHEME} prefix: refused");
            return false;
        }
        int close = stored.indexOf('}');
        String scheme = stored.substring(1, close).toUpperCase(Locale.ROOT);
        String encoded = stored.substring(close + 1);
        byte[] bytes = utf8(password);
        try {
            return switch (scheme) {
                case "ARGON2ID", "ARGON2I" -> Argon2.verify(bytes, encoded);
                case "BLF-CRYPT" -> OpenBSDBCrypt.checkPassword(encoded, password);
                case "SHA512-CRYPT", "SHA256-CRYPT" -> ShaCrypt.verify(bytes, encoded);
                case "SSHA512" -> salted(bytes, encoded);
                case "SHA512" -> MessageDigest.isEqual(sha512(bytes, new byte[0]), decode(encoded));
                case "PLAIN", "CLEAR" -> MessageDigest.isEqual(bytes, encoded.getBytes(StandardCharsets.UTF_8));
                default -> {
                    LOG.warn("password hash in unsupported scheme {{}}: refused", scheme);
                    yield false;
                }
            };
        } catch (RuntimeException e) {
            LOG.warn("malformed {{}} password hash: {}", scheme, e.toString());
            return false;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** SSHA512: Base64(SHA-512(password ‖ salt) ‖ salt). */
    private static boolean salted(byte[] password, String encoded) {
        byte[] raw = decode(encoded);
        if (raw.length <= 64) {
            return false;
        }
        byte[] salt = Arrays.copyOfRange(raw, 64, raw.length);
        return MessageDigest.isEqual(Arrays.copyOf(raw, 64), sha512(password, salt));
    }

    private static byte[] sha512(byte[] password, byte[] salt) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-512");
            md.update(password);
            md.update(salt);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is part of every JDK", e);
        }
    }

    private static byte[] decode(String base64) {
        return Base64.getDecoder().decode(base64.strip());
    }

    private static byte[] utf8(char[] password) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] out = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
        Arrays.fill(buffer.array(), (byte) 0);
        return out;
    }
}
