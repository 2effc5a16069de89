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

    /**
     * The record as zone files and DNS hosts' panels take it: quoted strings of at most 255 octets
     * (RFC 1035 §3.3.14), which receivers join (RFC 6376 §3.6.2.2); an RSA 2048 key needs two.
     */
    public String txtZoneStrings() {
        String record = txtRecord();
        var strings = new StringBuilder();
        for (int i = 0; i < record.length(); i += 255) {
            strings.append(i == 0 ? "" : " ").append('"').append(record, i, Math.min(record.length(), i + 255)).append('"');
        }
        return strings.toString();
    }
}
