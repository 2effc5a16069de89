package dev.postern.net;

/** What the Received: header and the logs say of an encrypted connection, e.g. TLSv1.3 and its cipher. */
public record TlsInfo(String protocol, String cipherSuite) {

    @Override
    public String toString() {
        return protocol + " with cipher " + cipherSuite;
    }
}
