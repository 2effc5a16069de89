package dev.postern.smtp.client;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** The two trust levels of {@link TlsPolicy.Trust}: any certificate, or the JDK's PKIX checks and the host name. */
final class TlsContexts {

    private TlsContexts() {
    }

    static SSLSocketFactory factory(TlsPolicy.Trust trust) throws GeneralSecurityException {
        return switch (trust) {
            case VERIFY -> SSLContext.getDefault().getSocketFactory();
            case ANY -> {
                var context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {new AnyCertificate()}, new SecureRandom());
                yield context.getSocketFactory();
            }
        };
    }

    static SSLParameters parameters(TlsPolicy.Trust trust, String host) {
        var params = new SSLParameters();
        params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        if (trust == TlsPolicy.Trust.VERIFY) {
            params.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 6125 name checks, as for HTTPS
        }
        try {
            params.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName(host)));
        } catch (IllegalArgumentException notAHostName) {
            // an address literal: no SNI (RFC 6066 §3)
        }
        return params;
    }

    /** Opportunistic TLS: encryption without authentication (RFC 7435), as MTAs do by default. */
    private static final class AnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
