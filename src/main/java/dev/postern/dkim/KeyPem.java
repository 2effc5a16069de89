package dev.postern.dkim;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/** Key pairs: generated (RSA 2048, Ed25519) and kept as PKCS#8 PEM, from which the public half is derived. */
final class KeyPem {

    static final int RSA_BITS = 2048;

    private KeyPem() {
    }

    static KeyPair generate(DkimAlgorithm algorithm) throws GeneralSecurityException {
        return switch (algorithm) {
            case RSA_SHA256 -> {
                var rsa = KeyPairGenerator.getInstance("RSA");
                rsa.initialize(RSA_BITS); // RFC 8301 §3.2: 2048 recommended
                yield rsa.generateKeyPair();
            }
            case ED25519_SHA256 -> {
                var ed = KeyPairGenerator.getInstance("Ed25519");
                ed.initialize(NamedParameterSpec.ED25519);
                yield ed.generateKeyPair();
            }
        };
    }

    static String pem(PrivateKey key) {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
    }

    static KeyPair read(String pem, DkimAlgorithm algorithm) throws GeneralSecurityException {
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        var spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64));
        return switch (algorithm) {
            case RSA_SHA256 -> {
                var factory = KeyFactory.getInstance("RSA");
                var key = (RSAPrivateCrtKey) factory.generatePrivate(spec);
                PublicKey pub = factory.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
                yield new KeyPair(pub, key);
            }
            case ED25519_SHA256 -> {
                var factory = KeyFactory.getInstance("Ed25519");
                var key = factory.generatePrivate(spec);
                yield new KeyPair(Ed25519Public.of(key), key);
            }
        };
    }
}
