package dev.postern.dkim;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** A parsed, checked {@code DKIM-Signature} field (RFC 6376 §3.5). */
record DkimSignature(HeaderField field, DkimAlgorithm algorithm, String domain, String selector,
                     List<String> signedHeaders, Canonicalization headerCanon, Canonicalization bodyCanon,
                     byte[] bodyHash, byte[] signature, String agentDomain, OptionalLong length) {

    /** Why a field is no usable signature: becomes a permerror result (RFC 6376 §6.1.1). */
    static final class Invalid extends Exception {
        Invalid(String why) {
            super(why, null, false, false);
        }
    }

    static DkimSignature parse(HeaderField field, Instant now) throws Invalid {
        TagList tags = TagList.parse(field.value()).orElseThrow(() -> new Invalid("not a tag list"));
        if (!"1".equals(tags.get("v").orElse(null))) {
            throw new Invalid("v= is not 1");
        }
        var algorithm = DkimAlgorithm.ofTag(required(tags, "a"))
                .orElseThrow(() -> new Invalid("unsupported algorithm " + tags.get("a").orElse(""))); // RFC 8301: no rsa-sha1
        String domain = required(tags, "d");
        String selector = required(tags, "s");
        if (!DomainName.valid(domain) || !DomainName.valid(selector)) {
            throw new Invalid("d= or s= is not a domain name");
        }
        List<String> h = Arrays.stream(required(tags, "h").split(":"))
                .map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
        if (!h.contains("from")) {
            throw new Invalid("h= does not include From"); // RFC 6376 §5.4: From MUST be signed
        }
        String[] c = tags.get("c").orElse("simple/simple").split("/", -1);
        var headerCanon = Canonicalization.named(c[0].strip()).orElseThrow(() -> new Invalid("bad c="));
        var bodyCanon = c.length == 1 ? Canonicalization.SIMPLE
                : Canonicalization.named(c[1].strip()).orElseThrow(() -> new Invalid("bad c="));
        if (!tags.get("q").map(q -> q.strip().startsWith("dns/txt")).orElse(true)) {
            throw new Invalid("q= other than dns/txt");
        }
        String agent = agentDomain(tags, domain);
        expiry(tags, now);
        return new DkimSignature(field, algorithm, DomainName.normal(domain), selector.toLowerCase(Locale.ROOT), h,
                headerCanon, bodyCanon, base64(tags, "bh"), base64(tags, "b"), agent, length(tags));
    }

    /** RFC 6376 §3.5 i=: defaults to @d; its domain must be d or below it. */
    private static String agentDomain(TagList tags, String domain) throws Invalid {
        String i = tags.get("i").orElse("@" + domain);
        String agent = i.substring(i.lastIndexOf('@') + 1);
        if (!i.contains("@") || !DomainName.within(agent, domain)) {
            throw new Invalid("i= is not within d=");
        }
        return DomainName.normal(agent);
    }

    /** RFC 6376 §3.5 x=: a signature past its expiry is a permerror. */
    private static void expiry(TagList tags, Instant now) throws Invalid {
        if (tags.get("x").isPresent()) {
            long x = number(tags.get("x").get());
            if (x < now.getEpochSecond()) {
                throw new Invalid("signature expired");
            }
        }
    }

    private static OptionalLong length(TagList tags) throws Invalid {
        return tags.get("l").isPresent() ? OptionalLong.of(number(tags.get("l").get())) : OptionalLong.empty();
    }

    private static long number(String text) throws Invalid {
        if (!text.matches("[0-9]{1,12}")) {
            throw new Invalid("not a number: " + text);
        }
        return Long.parseLong(text);
    }

    private static String required(TagList tags, String name) throws Invalid {
        return tags.get(name).filter(v -> !v.isEmpty()).orElseThrow(() -> new Invalid("no " + name + "= tag"));
    }

    private static byte[] base64(TagList tags, String name) throws Invalid {
        try {
            return Base64.getDecoder().decode(tags.compact(name).filter(v -> !v.isEmpty())
                    .orElseThrow(() -> new Invalid("no " + name + "= tag")));
        } catch (IllegalArgumentException e) {
            throw new Invalid(name + "= is not base64");
        }
    }

    /** The first characters of b=, for {@code header.b} (RFC 6008 §4: at least 8). */
    String shortB() {
        String b = Base64.getEncoder().encodeToString(signature);
        return b.substring(0, Math.min(8, b.length()));
    }
}
