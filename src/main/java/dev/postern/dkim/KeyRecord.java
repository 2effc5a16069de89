package dev.postern.dkim;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;

/** A DKIM key record (RFC 6376 §3.6.1) as published at {@code selector._domainkey.domain}. */
record KeyRecord(DkimAlgorithm algorithm, PublicKey key, boolean strict) {

    static KeyRecord parse(String text, DkimAlgorithm expected) throws DkimSignature.Invalid {
        TagList tags = TagList.parse(text).orElseThrow(() -> new DkimSignature.Invalid("key record is no tag list"));
        if (tags.get("v").isPresent() && !tags.get("v").get().equals("DKIM1")) {
            throw new DkimSignature.Invalid("key record v= is not DKIM1");
        }
        String type = tags.get("k").orElse("rsa");
        if (!type.equals(expected.keyType())) {
            throw new DkimSignature.Invalid("key type " + type + " does not match a=" + expected.tag());
        }
        if (tags.get("h").isPresent() && !list(tags.get("h").get()).contains("sha256")) {
            throw new DkimSignature.Invalid("key does not allow sha256");
        }
        if (tags.get("s").isPresent() && !list(tags.get("s").get()).contains("*")
                && !list(tags.get("s").get()).contains("email")) {
            throw new DkimSignature.Invalid("key is not for email");
        }
        String p = tags.compact("p").orElseThrow(() -> new DkimSignature.Invalid("key record has no p="));
        if (p.isEmpty()) {
            throw new DkimSignature.Invalid("key revoked"); // §3.6.1: an empty p= is a revoked key
        }
        try {
            PublicKey key = expected.publicKey(Base64.getDecoder().decode(p));
            return new KeyRecord(expected, key, tags.get("t").map(t -> list(t).contains("s")).orElse(false));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new DkimSignature.Invalid("unusable key: " + e.getMessage());
        }
    }

    private static java.util.List<String> list(String value) {
        return Arrays.stream(value.split(":")).map(String::strip).toList();
    }
}
