package dev.postern.dkim;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The two signing algorithms: rsa-sha256 (RFC 6376 §3.3.1) and ed25519-sha256 (RFC 8463 §3), both
 * on the JDK's own providers (SunRsaSign, SunEC), so no native code and no extra library.
 */
public enum DkimAlgorithm {
    RSA_SHA256("rsa-sha256", "rsa"),
    ED25519_SHA256("ed25519-sha256", "ed25519");

    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows (RFC 8410 §4). */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    /** RFC 8301 §3.2: verifiers must not accept RSA keys shorter than 1024 bits. */
    static final int MIN_RSA_BITS = 1024;

    private final String tag;
    private final String keyType;

    DkimAlgorithm(String tag, String keyType) {
        this.tag = tag;
        this.keyType = keyType;
    }

    /** The {@code a=} value. */
    public String tag() {
        return tag;
    }

    /** The {@code k=} value of the key record. */
    public String keyType() {
        return keyType;
    }

    static Optional<DkimAlgorithm> ofTag(String tag) {
        return Arrays.stream(values()).filter(a -> a.tag.equalsIgnoreCase(tag)).findFirst();
    }

    byte[] sign(PrivateKey key, byte[] data) throws GeneralSecurityException {
        return switch (this) {
            case RSA_SHA256 -> {
                Signature rsa = Signature.getInstance("SHA256withRSA");
                rsa.initSign(key);
                rsa.update(data);
                yield rsa.sign();
            }
            case ED25519_SHA256 -> {
                Signature ed = Signature.getInstance("Ed25519");
                ed.initSign(key);
                ed.update(sha256(data)); // RFC 8463 §3: Ed25519 signs the SHA-256 hash, not the data
                yield ed.sign();
            }
        };
    }

    boolean verify(PublicKey key, byte[] data, byte[] signature) throws GeneralSecurityException {
        Signature verifier = Signature.getInstance(this == RSA_SHA256 ? "SHA256withRSA" : "Ed25519");
        verifier.initVerify(key);
        verifier.update(this == RSA_SHA256 ? data : sha256(data));
        return verifier.verify(signature);
    }

    /**
     * The key from a record's {@code p=}: an RSA SubjectPublicKeyInfo (what everyone publishes,
     * RFC 6376 §3.6.1), or the raw 32 octets of an Ed25519 key (RFC 8463 §4).
     */
    PublicKey publicKey(byte[] p) throws GeneralSecurityException {
        return switch (this) {
            case RSA_SHA256 -> {
                var key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(p));
                if (key.getModulus().bitLength() < MIN_RSA_BITS) {
                    throw new GeneralSecurityException("RSA key of " + key.getModulus().bitLength() + " bits");
                }
                yield key;
            }
            case ED25519_SHA256 -> {
                if (p.length != 32) {
                    throw new GeneralSecurityException("an Ed25519 key has 32 octets, not " + p.length);
                }
                byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + 32);
                System.arraycopy(p, 0, spki, ED25519_SPKI_PREFIX.length, 32);
                yield KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
            }
        };
    }

    /** The octets to publish as {@code p=}: the inverse of {@link #publicKey}. */
    byte[] published(PublicKey key) {
        byte[] spki = key.getEncoded();
        return this == RSA_SHA256 ? spki : Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
