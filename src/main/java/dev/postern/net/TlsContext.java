package dev.postern.net;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A server TLS identity: certificate chain and key, TLS 1.2 at least (RFC 8996 retires 1.0/1.1). */
public final class TlsContext {

    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * Servers here never ask for a client certificate, so nothing is ever checked against it; given
     * explicitly so that the JDK does not load its CA store at start-up for a default one.
     */
    private static final X509TrustManager NO_CLIENT_CERTIFICATES = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not accepted");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a server context checks no server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    private final SSLContext context;
    private final String[] protocols;

    private TlsContext(SSLContext context) {
        this.context = context;
        Set<String> supported = Set.of(context.getSupportedSSLParameters().getProtocols());
        this.protocols = PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new);
    }

    /** Builds the context from a chain (leaf first) and the leaf's private key, in memory only. */
    public static TlsContext of(X509Certificate[] chain, PrivateKey key) throws GeneralSecurityException {
        if (chain.length == 0) {
            throw new IllegalArgumentException("empty certificate chain");
        }
        requireMatch(chain[0], key);
        SSLContext context = SSLContext.getInstance("TLS");
        // One fixed key: a key manager that simply holds it. A PKCS12 key store would encrypt the
        // key with PBKDF2 only to decrypt it again, which cost most of a second at start-up.
        context.init(new KeyManager[] {new FixedKeyManager(chain, key)}, new TrustManager[] {NO_CLIENT_CERTIFICATES}, null);
        return new TlsContext(context);
    }

    /** A key that does not match the leaf would fail every handshake: refuse it at startup instead. */
    private static void requireMatch(X509Certificate leaf, PrivateKey key) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null; // unusual key type: the handshake will tell
        };
        if (algorithm == null) {
            return;
        }
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(leaf.getPublicKey());
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("the private key does not match the certificate " + leaf.getSubjectX500Principal());
        }
    }

    public SSLContext sslContext() {
        return context;
    }

    /** The protocols servers built from this context enable, strongest first. */
    public List<String> protocols() {
        return List.of(protocols);
    }

    /** Layers a server-mode TLS socket over an accepted socket; the caller runs the handshake. */
    SSLSocket layer(Socket plain) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory()
                .createSocket(plain, null, plain.getPort(), true);
        socket.setUseClientMode(false);
        socket.setEnabledProtocols(Arrays.copyOf(protocols, protocols.length));
        return socket;
    }
}
