package dev.postern.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A certificate chain (leaf first) and its private key, read from PEM files as web hosts keep
 * them: certificate chain in one file; key as PKCS#8 ({@code PRIVATE KEY}) or PKCS#1/SEC1
 * ({@code RSA PRIVATE KEY}, {@code EC PRIVATE KEY}). Encrypted keys are refused.
 */
public record PemKeyMaterial(List<X509Certificate> chain, PrivateKey privateKey) {

    public PemKeyMaterial {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("empty certificate chain");
        }
    }

    /** Reads both files; the message of any error names the file and what was wrong. */
    public static PemKeyMaterial load(Path cert, Path key) throws IOException, GeneralSecurityException {
        return new PemKeyMaterial(certificates(cert), privateKey(key));
    }

    private static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        var converter = new JcaX509CertificateConverter();
        List<X509Certificate> chain = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        }
        if (chain.isEmpty()) {
            throw new IOException(file + ": no PEM certificate found");
        }
        return chain;
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        var converter = new JcaPEMKeyConverter();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                switch (o) {
                    case PEMKeyPair pair -> {
                        // SEC1 keys may omit the public key: convert only the private part.
                        return converter.getPrivateKey(pair.getPrivateKeyInfo());
                    }
                    case PrivateKeyInfo info -> {
                        return converter.getPrivateKey(info);
                    }
                    default -> {
                        // EC PARAMETERS blocks and the like come before the key: skip them.
                    }
                }
            }
        }
        throw new IOException(file + ": no unencrypted PEM private key found");
    }
}
