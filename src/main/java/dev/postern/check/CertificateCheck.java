package dev.postern.check;

import dev.postern.config.PemKeyMaterial;
import dev.postern.config.Settings;
import dev.postern.net.TlsContext;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The certificate clients will see: it loads and matches its key, it is valid now and for a while
 * yet, and it names the host clients are told to connect to (RFC 6125 §6.4: DNS-ID, one leftmost
 * wildcard label at most; the subject CN only when there is no DNS-ID).
 */
final class CertificateCheck {
    /** Let's Encrypt renews 30 days before expiry; a certificate this close has missed a renewal. */
    static final Duration SOON = Duration.ofDays(21);

    private CertificateCheck() {
    }

    static List<Finding> check(Settings.Tls tls, String hostname, List<String> alsoNames, Clock clock) {
        PemKeyMaterial pem;
        try {
            pem = PemKeyMaterial.load(tls.cert(), tls.key());
            TlsContext.of(pem.chain().toArray(X509Certificate[]::new), pem.privateKey());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return List.of(Finding.error("cannot use " + tls.cert() + " with " + tls.key() + ": " + e.getMessage()
                    + " (postern init makes a self-signed pair when tls.cert/tls.key are unset)"));
        }
        X509Certificate leaf = pem.chain().getFirst();
        List<String> names = names(leaf);
        List<Finding> out = new ArrayList<>();
        out.add(Finding.ok(tls.cert() + ": " + leaf.getSubjectX500Principal().getName() + ", names " + names
                + ", valid until " + leaf.getNotAfter().toInstant()));
        out.addAll(validity(leaf, clock.instant()));
        if (!covers(names, hostname)) {
            out.add(Finding.error("the certificate does not name hostname " + hostname
                    + ": clients that verify (all of them, by default) will refuse TLS"));
        }
        for (String name : alsoNames) {
            if (!covers(names, name)) {
                out.add(Finding.warning("the certificate does not name " + name + " (needed for HTTPS there)"));
            }
        }
        if (leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
            out.add(Finding.warning("self-signed: mail clients will warn; use a certificate from a CA "
                    + "(e.g. Let's Encrypt) in tls.cert/tls.key"));
        }
        return out;
    }

    private static List<Finding> validity(X509Certificate leaf, Instant now) {
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (now.isBefore(notBefore)) {
            return List.of(Finding.error("not valid before " + notBefore + " (is the clock right?)"));
        }
        if (!now.isBefore(notAfter)) {
            return List.of(Finding.error("expired at " + notAfter + ": clients refuse TLS; renew it"));
        }
        long days = Duration.between(now, notAfter).toDays();
        if (Duration.between(now, notAfter).compareTo(SOON) < 0) {
            return List.of(Finding.warning("expires in " + days + " days (" + notAfter + "): renew it"));
        }
        return List.of(Finding.ok("expires in " + days + " days"));
    }

    /** The DNS-IDs (subjectAltName dNSName, type 2), or the subject CN when there are none. */
    static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                alternatives.stream().filter(n -> Integer.valueOf(2).equals(n.get(0)))
                        .forEach(n -> names.add(n.get(1).toString().toLowerCase(Locale.ROOT)));
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        if (names.isEmpty()) {
            for (String part : certificate.getSubjectX500Principal().getName().split(",")) {
                if (part.strip().startsWith("CN=")) {
                    names.add(part.strip().substring(3).toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }

    static boolean covers(List<String> names, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String name : names) {
            if (name.equals(h)) {
                return true;
            }
            // RFC 6125 §6.4.3: "*" as the whole leftmost label matches exactly one label.
            if (name.startsWith("*.") && h.indexOf('.') > 0 && h.substring(h.indexOf('.') + 1).equals(name.substring(2))) {
                return true;
            }
        }
        return false;
    }
}
