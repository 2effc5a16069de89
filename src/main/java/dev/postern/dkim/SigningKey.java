package dev.postern.dkim;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;

/** One domain's key under one selector, with the TXT record that publishes it. */
public record SigningKey(String domain, String selector, DkimAlgorithm algorithm, PrivateKey privateKey,
                         PublicKey publicKey) {

    /** Where the record goes: {@code selector._domainkey.domain} (RFC 6376 §3.6.2.1). */
    public String dnsName() {
        return selector + "._domainkey." + domain;
    }

    /** The TXT record's content (RFC 6376 §3.6.1; RFC 8463 §4 for Ed25519). */
    public String txtRecord() {
        return "v=DKIM1; k=" + algorithm.keyType() + "; p="
                + Base64.getEncoder().encodeToString(algorithm.published(publicKey));
    }
}
