package dev.postern.dkim;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * The public half of a stored Ed25519 key. The JDK cannot derive it from a PKCS#8 private key,
 * Bouncy Castle's lightweight API can, so only the seed needs storing (RFC 8032 §5.1.5).
 */
final class Ed25519Public {

    private Ed25519Public() {
    }

    static PublicKey of(PrivateKey key) throws GeneralSecurityException {
        byte[] pkcs8 = key.getEncoded();
        // RFC 8410 §7: the seed is the last 32 octets of the OCTET STRING in a v1 PKCS#8 structure.
        byte[] seed = Arrays.copyOfRange(pkcs8, 16, 48);
        byte[] raw = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
        return DkimAlgorithm.ED25519_SHA256.publicKey(raw);
    }
}
