package dev.postern.dkim;

import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;

/**
 * Signs messages with relaxed/relaxed canonicalization. Usage: {@link #start} with the header
 * section, the body written to {@link Signing#body()}, then {@link Signing#finish()} returns the
 * {@code DKIM-Signature} fields to put on top, one per key.
 *
 * <p>From is oversigned (listed once more than present, RFC 6376 §8.15) so a second From added
 * later breaks the signature; the other fields are signed as present.
 */
public final class DkimSigner {

    /** RFC 6376 §5.4.1's recommended fields, in the order they are listed. */
    static final List<String> SIGNED = List.of("from", "reply-to", "subject", "date", "to", "cc", "message-id",
            "in-reply-to", "references", "mime-version", "content-type", "content-transfer-encoding",
            "list-id", "list-unsubscribe", "list-unsubscribe-post", "sender");

    private final Clock clock;

    public DkimSigner(Clock clock) {
        this.clock = clock;
    }

    public Signing start(List<SigningKey> keys, HeaderBlock headers) {
        return new Signing(List.copyOf(keys), headers, new BodyHash(Canonicalization.RELAXED, OptionalLong.empty()));
    }

    /** One message being signed. */
    public final class Signing {
        private final List<SigningKey> keys;
        private final HeaderBlock headers;
        private final BodyHash bodyHash;

        private Signing(List<SigningKey> keys, HeaderBlock headers, BodyHash bodyHash) {
            this.keys = keys;
            this.headers = headers;
            this.bodyHash = bodyHash;
        }

        public OutputStream body() {
            return bodyHash;
        }

        /** The signature fields, without their final CRLF. */
        public List<HeaderField> finish() throws GeneralSecurityException {
            String bh = Base64.getEncoder().encodeToString(bodyHash.finish());
            var fields = new ArrayList<HeaderField>();
            for (SigningKey key : keys) {
                fields.add(sign(key, bh));
            }
            return fields;
        }

        private HeaderField sign(SigningKey key, String bh) throws GeneralSecurityException {
            List<String> h = signedNames();
            String unsigned = "DKIM-Signature: v=1; a=" + key.algorithm().tag() + "; c=relaxed/relaxed; d="
                    + key.domain() + "; s=" + key.selector() + ";\r\n\tt=" + clock.instant().getEpochSecond()
                    + "; h=" + String.join(":", h) + ";\r\n\tbh=" + bh + ";\r\n\tb=";
            byte[] data = SignedData.of(headers, h, Canonicalization.RELAXED, HeaderField.of(unsigned));
            String b = Base64.getEncoder().encodeToString(key.algorithm().sign(key.privateKey(), data));
            return HeaderField.of(unsigned + fold(b));
        }

        private List<String> signedNames() {
            var names = new ArrayList<String>();
            for (String name : SIGNED) {
                int present = headers.named(name).size();
                int times = name.equals("from") ? present + 1 : present;
                for (int i = 0; i < times; i++) {
                    names.add(name);
                }
            }
            return names;
        }
    }

    /** Convenience for whole messages in memory: the message with the signatures on top. */
    public byte[] sign(List<SigningKey> keys, byte[] message) throws GeneralSecurityException {
        var split = MessageSplit.of(message);
        var signing = start(keys, split.headers());
        signing.bodyHash.write(message, split.bodyOffset(), message.length - split.bodyOffset());
        var out = new java.io.ByteArrayOutputStream();
        for (HeaderField field : signing.finish()) {
            out.writeBytes(field.raw());
            out.writeBytes(new byte[] {'\r', '\n'});
        }
        out.writeBytes(message);
        return out.toByteArray();
    }

    /** Folds base64 into lines of 72 (RFC 5322 §2.1.1's 78 with room); verifiers drop the whitespace. */
    private static String fold(String b64) {
        var out = new StringBuilder();
        for (int i = 0; i < b64.length(); i += 72) {
            if (i > 0) {
                out.append("\r\n\t ");
            }
            out.append(b64, i, Math.min(b64.length(), i + 72));
        }
        return out.toString();
    }
}
