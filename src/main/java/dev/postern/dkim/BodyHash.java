package dev.postern.dkim;

import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.OptionalLong;

/** The SHA-256 hash of a canonicalized body (RFC 6376 §3.7), limited to {@code l=} octets when given. */
final class BodyHash extends OutputStream {

    private final MessageDigest digest;
    private final BodyCanonicalizer canonicalizer;
    private final long limit;
    private long length;

    BodyHash(Canonicalization canonicalization, OptionalLong limit) {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        this.limit = limit.orElse(Long.MAX_VALUE);
        this.canonicalizer = canonicalization.body(this::digest);
    }

    private void digest(byte[] canonical) {
        long room = limit - length;
        if (room > 0) {
            digest.update(canonical, 0, (int) Math.min(room, canonical.length));
        }
        length += canonical.length;
    }

    @Override
    public void write(int b) {
        canonicalizer.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        canonicalizer.write(bytes, offset, length);
    }

    /** The hash; the canonical body length is {@link #length()} afterwards. */
    byte[] finish() {
        canonicalizer.finish();
        return digest.digest();
    }

    /** The whole canonical body's length (an {@code l=} beyond it fails verification, §3.5). */
    long length() {
        return length;
    }
}
