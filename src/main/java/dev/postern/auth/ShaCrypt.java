package dev.postern.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-crypt as in glibc's crypt(3) ({@code $5$} SHA-256, {@code $6$} SHA-512), after Ulrich
 * Drepper's "Unix crypt using SHA-256 and SHA-512" specification. Verification only: Dovecot
 * installations hold many {@code {SHA512-CRYPT}} hashes to import; Postern writes Argon2id.
 */
final class ShaCrypt {
    private static final String ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int[][] ORDER_512 = {
        {0, 21, 42}, {22, 43, 1}, {44, 2, 23}, {3, 24, 45}, {25, 46, 4}, {47, 5, 26}, {6, 27, 48},
        {28, 49, 7}, {50, 8, 29}, {9, 30, 51}, {31, 52, 10}, {53, 11, 32}, {12, 33, 54}, {34, 55, 13},
        {56, 14, 35}, {15, 36, 57}, {37, 58, 16}, {59, 17, 38}, {18, 39, 60}, {40, 61, 19}, {62, 20, 41}};
    private static final int[][] ORDER_256 = {
        {0, 10, 20}, {21, 1, 11}, {12, 22, 2}, {3, 13, 23}, {24, 4, 14},
        {15, 25, 5}, {6, 16, 26}, {27, 7, 17}, {18, 28, 8}, {9, 19, 29}};

    private ShaCrypt() {
    }

    /** Checks {@code $5$…} or {@code $6$…}, with optional {@code rounds=N$}. */
    static boolean verify(byte[] password, String stored) {
        String[] parts = stored.split("\\$", -1);
        if (parts.length < 4 || !parts[0].isEmpty() || !(parts[1].equals("5") || parts[1].equals("6"))) {
            return false;
        }
        int rounds = 5000;
        String roundsPrefix = "";
        int saltIndex = 2;
        if (parts[2].startsWith("rounds=")) {
            if (parts.length != 5) {
                return false;
            }
            rounds = Math.clamp(Long.parseLong(parts[2].substring(7)), 1000, 999_999_999);
            roundsPrefix = parts[2] + "$";
            saltIndex = 3;
        } else if (parts.length != 4) {
            return false;
        }
        String salt = parts[saltIndex].length() > 16 ? parts[saltIndex].substring(0, 16) : parts[saltIndex];
        boolean sha512 = parts[1].equals("6");
        String computed = "$" + parts[1] + "$" + roundsPrefix + salt + "$"
                + crypt(password, salt.getBytes(StandardCharsets.UTF_8), rounds, sha512);
        return MessageDigest.isEqual(
                computed.getBytes(StandardCharsets.UTF_8), stored.getBytes(StandardCharsets.UTF_8));
    }

    private static String crypt(byte[] p, byte[] s, int rounds, boolean sha512) {
        MessageDigest md = digest(sha512 ? "SHA-512" : "SHA-256");
        int size = md.getDigestLength();
        md.update(p);
        md.update(s);
        md.update(p);
        byte[] b = md.digest();
        md.update(p);
        md.update(s);
        for (int n = p.length; n > 0; n -= size) {
            md.update(b, 0, Math.min(n, size));
        }
        for (int n = p.length; n > 0; n >>= 1) {
            md.update((n & 1) != 0 ? b : p);
        }
        byte[] a = md.digest();
        for (int i = 0; i < p.length; i++) {
            md.update(p);
        }
        byte[] pSeq = repeat(md.digest(), p.length);
        for (int i = 0; i < 16 + (a[0] & 0xff); i++) {
            md.update(s);
        }
        byte[] sSeq = repeat(md.digest(), s.length);
        byte[] c = a;
        for (int i = 0; i < rounds; i++) {
            md.update((i & 1) != 0 ? pSeq : c);
            if (i % 3 != 0) {
                md.update(sSeq);
            }
            if (i % 7 != 0) {
                md.update(pSeq);
            }
            md.update((i & 1) != 0 ? c : pSeq);
            c = md.digest();
        }
        return encode(c, sha512);
    }

    private static String encode(byte[] c, boolean sha512) {
        StringBuilder out = new StringBuilder();
        for (int[] t : sha512 ? ORDER_512 : ORDER_256) {
            b64(out, c[t[0]] & 0xff, c[t[1]] & 0xff, c[t[2]] & 0xff, 4);
        }
        if (sha512) {
            b64(out, 0, 0, c[63] & 0xff, 2);
        } else {
            b64(out, 0, c[31] & 0xff, c[30] & 0xff, 3);
        }
        return out.toString();
    }

    private static void b64(StringBuilder out, int b2, int b1, int b0, int chars) {
        int w = (b2 << 16) | (b1 << 8) | b0;
        for (int i = 0; i < chars; i++) {
            out.append(ITOA64.charAt(w & 0x3f));
            w >>>= 6;
        }
    }

    private static byte[] repeat(byte[] block, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = block[i % block.length];
        }
        return out;
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is part of every JDK", e);
        }
    }
}
