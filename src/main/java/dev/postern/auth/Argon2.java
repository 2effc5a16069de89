package dev.postern.auth;

import java.security.MessageDigest;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2 in the PHC string form libsodium and Dovecot write:
 * {@code $argon2id$v=19$m=65536,t=3,p=1$<salt>$<hash>}, salt and hash in standard Base64 without
 * padding. Dovecot's ARGON2ID defaults are m=64 MiB, t=3, p=1, 16-byte salt, 32-byte hash.
 */
final class Argon2 {
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final int MEMORY_KIB = 65536;
    private static final int ITERATIONS = 3;
    private static final int LANES = 1;
    private static final int HASH_BYTES = 32;

    private Argon2() {
    }

    static String hash(byte[] password, byte[] salt) {
        byte[] out = derive(Argon2Parameters.ARGON2_id, MEMORY_KIB, ITERATIONS, LANES, salt, password, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + LANES
                + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(out);
    }

    /** Checks a PHC string; false for anything malformed. */
    static boolean verify(byte[] password, String phc) {
        String[] parts = phc.split("\\$", -1);
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !parts[0].isEmpty() || !parts[2].equals("v=19")) {
            return false;
        }
        int type = switch (parts[1]) {
            case "argon2id" -> Argon2Parameters.ARGON2_id;
            case "argon2i" -> Argon2Parameters.ARGON2_i;
            case "argon2d" -> Argon2Parameters.ARGON2_d;
            default -> -1;
        };
        int[] mtp = costs(parts[3]);
        if (type < 0 || mtp == null) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(parts[4]);
        byte[] expected = Base64.getDecoder().decode(parts[5]);
        byte[] actual = derive(type, mtp[0], mtp[1], mtp[2], salt, password, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    private static int[] costs(String text) {
        int[] out = new int[3];
        String[] names = {"m=", "t=", "p="};
        String[] fields = text.split(",", -1);
        if (fields.length != 3) {
            return null;
        }
        for (int i = 0; i < 3; i++) {
            if (!fields[i].startsWith(names[i])) {
                return null;
            }
            out[i] = Integer.parseInt(fields[i].substring(2));
        }
        // Refuse absurd costs from an imported hash rather than exhaust memory.
        return out[0] < 8 || out[0] > 4 * 1024 * 1024 || out[1] < 1 || out[1] > 100 || out[2] < 1 || out[2] > 64
                ? null : out;
    }

    private static byte[] derive(int type, int memoryKib, int iterations, int lanes,
                                 byte[] salt, byte[] password, int length) {
        var params = new Argon2Parameters.Builder(type)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(lanes)
                .withSalt(salt)
                .build();
        var generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }
}
