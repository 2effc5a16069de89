package dev.postern.net;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/** The server's one certificate chain and key, offered for every handshake. */
final class FixedKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "server";

    private final X509Certificate[] chain;
    private final PrivateKey key;

    FixedKeyManager(X509Certificate[] chain, PrivateKey key) {
        this.chain = chain.clone();
        this.key = key;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return matches(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return matches(keyType) ? ALIAS : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return matches(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return null; // server side only
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    /** JSSE asks per key type ("RSA", "EC", "EdDSA", "RSASSA-PSS"); offer the key only where it fits. */
    private boolean matches(String keyType) {
        String algorithm = key.getAlgorithm();
        return keyType.equals(algorithm)
                || (keyType.equals("RSASSA-PSS") && algorithm.equals("RSA"))
                || (keyType.equals("EdDSA") && algorithm.equals("Ed25519"));
    }
}
