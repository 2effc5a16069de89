package dev.postern.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class TlsContextTest {

    @Test
    void enablesOnlyTls13AndTls12() {
        assertThat(SelfSigned.generate("mx.test").serverContext().protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    }

    @Test
    void anEmptyChainIsRefused() {
        SelfSigned cert = SelfSigned.generate("mx.test");
        assertThatThrownBy(() -> TlsContext.of(new X509Certificate[0], cert.key()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateIsRefused() {
        SelfSigned one = SelfSigned.generate("one.test");
        SelfSigned other = SelfSigned.generate("other.test");
        assertThatThrownBy(() -> TlsContext.of(new X509Certificate[] {one.certificate()}, other.key()))
                .isInstanceOf(java.security.GeneralSecurityException.class);
    }
}
