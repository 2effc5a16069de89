package dev.postern.dkim;

import dev.postern.dns.RecordLookup;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies a message's DKIM signatures (RFC 6376 §6). Usage: {@link #start} with the header
 * section, the body written to {@link Verification#body()} (each distinct canonicalization and
 * length is hashed once, as it streams), then {@link Verification#finish()} asks DNS for the keys.
 * At most {@link #MAX_SIGNATURES} signatures are checked, so a message cannot make us do
 * unbounded work (RFC 6376 §6.1).
 */
public final class DkimVerifier {

    static final int MAX_SIGNATURES = 5;

    private final RecordLookup dns;
    private final Clock clock;

    public DkimVerifier(RecordLookup dns, Clock clock) {
        this.dns = dns;
        this.clock = clock;
    }

    public Verification start(HeaderBlock headers) {
        var parsed = new ArrayList<Parsed>();
        var hashes = new HashMap<String, BodyHash>();
        for (HeaderField field : headers.named("DKIM-Signature")) {
            if (parsed.size() == MAX_SIGNATURES) {
                break;
            }
            try {
                DkimSignature signature = DkimSignature.parse(field, clock.instant());
                hashes.computeIfAbsent(hashKey(signature), k -> new BodyHash(signature.bodyCanon(), signature.length()));
                parsed.add(new Parsed.Usable(signature));
            } catch (DkimSignature.Invalid e) {
                parsed.add(new Parsed.Unusable(new DkimResult(DkimResult.Verdict.PERMERROR, "", "", "", e.getMessage())));
            }
        }
        return new Verification(headers, parsed, hashes);
    }

    /** A signature field: usable, or already a permerror (RFC 6376 §6.1.1). */
    private sealed interface Parsed {
        record Usable(DkimSignature signature) implements Parsed {}

        record Unusable(DkimResult result) implements Parsed {}
    }

    private static String hashKey(DkimSignature s) {
        return s.bodyCanon() + "/" + s.length().orElse(-1);
    }

    /** One message being verified. */
    public final class Verification {
        private final HeaderBlock headers;
        private final List<Parsed> parsed;
        private final Map<String, BodyHash> hashes;
        private final OutputStream body = new OutputStream() {
            @Override
            public void write(int b) {
                hashes.values().forEach(h -> h.write(b));
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                hashes.values().forEach(h -> h.write(bytes, offset, length));
            }
        };

        private Verification(HeaderBlock headers, List<Parsed> parsed, Map<String, BodyHash> hashes) {
            this.headers = headers;
            this.parsed = parsed;
            this.hashes = hashes;
        }

        public OutputStream body() {
            return body;
        }

        /** One result per signature, in header order; empty when the message has none. */
        public List<DkimResult> finish() {
            Map<String, byte[]> digests = new HashMap<>();
            Map<String, Long> lengths = new HashMap<>();
            hashes.forEach((key, hash) -> {
                digests.put(key, hash.finish());
                lengths.put(key, hash.length());
            });
            var results = new ArrayList<DkimResult>();
            for (Parsed item : parsed) {
                results.add(switch (item) {
                    case Parsed.Usable(DkimSignature s) -> check(s, digests.get(hashKey(s)), lengths.get(hashKey(s)));
                    case Parsed.Unusable(DkimResult result) -> result;
                });
            }
            return results;
        }

        private DkimResult check(DkimSignature s, byte[] bodyHash, long canonicalLength) {
            if (s.length().isPresent() && s.length().getAsLong() > canonicalLength) {
                return result(s, DkimResult.Verdict.PERMERROR, "l= exceeds the body");
            }
            if (!MessageDigest.isEqual(bodyHash, s.bodyHash())) {
                return result(s, DkimResult.Verdict.FAIL, "body hash did not verify");
            }
            return checkKey(s);
        }

        private DkimResult checkKey(DkimSignature s) {
            var answer = dns.txt(s.selector() + "._domainkey." + s.domain());
            if (answer.status() == RecordLookup.Answer.Status.TEMPFAIL) {
                return result(s, DkimResult.Verdict.TEMPERROR, "key lookup failed");
            }
            if (answer.values().isEmpty()) {
                return result(s, DkimResult.Verdict.PERMERROR, "no key for signature"); // §6.1.2
            }
            try {
                KeyRecord key = KeyRecord.parse(answer.values().getFirst(), s.algorithm());
                if (key.strict() && !s.agentDomain().equals(s.domain())) {
                    return result(s, DkimResult.Verdict.PERMERROR, "i= below d= with a t=s key");
                }
                byte[] data = SignedData.of(headers, s.signedHeaders(), s.headerCanon(), s.field());
                return s.algorithm().verify(key.key(), data, s.signature())
                        ? result(s, DkimResult.Verdict.PASS, "")
                        : result(s, DkimResult.Verdict.FAIL, "signature did not verify");
            } catch (DkimSignature.Invalid e) {
                return result(s, DkimResult.Verdict.PERMERROR, e.getMessage());
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                return result(s, DkimResult.Verdict.FAIL, "signature did not verify");
            }
        }

        private static DkimResult result(DkimSignature s, DkimResult.Verdict verdict, String reason) {
            return new DkimResult(verdict, s.domain(), s.selector(), s.shortB(), reason);
        }
    }

    /** Convenience for whole messages in memory (tests, the CLI). */
    public List<DkimResult> verify(byte[] message) {
        var split = MessageSplit.of(message);
        var verification = start(split.headers());
        verification.hashes.values().forEach(h -> h.write(message, split.bodyOffset(),
                message.length - split.bodyOffset()));
        return verification.finish();
    }
}
