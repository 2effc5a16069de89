package dev.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM files as hosts have them: PKCS#1 and PKCS#8, RSA and EC, chains of several certificates. */
class PemKeyMaterialTest {
    @TempDir
    Path dir;

    private static String pem(Object... objects) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                w.writeObject(o);
            }
        }
        return out.toString();
    }

    private static Object certificate(KeyPair pair, String algorithm, String cn) throws Exception {
        X500Name name = new X500Name("CN=" + cn);
        return new JcaX509v3CertificateBuilder(name, BigInteger.ONE, new Date(), new Date(System.currentTimeMillis() + 86_400_000L),
                name, pair.getPublic()).build(new JcaContentSignerBuilder(algorithm).build(pair.getPrivate()));
    }

    @Test
    void rsaPkcs1KeyAndChain() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair leaf = g.generateKeyPair();
        KeyPair ca = g.generateKeyPair();
        Path cert = Files.writeString(dir.resolve("fullchain.pem"),
                pem(certificate(leaf, "SHA256withRSA", "leaf"), certificate(ca, "SHA256withRSA", "ca")));
        Path key = Files.writeString(dir.resolve("key.pem"), pem(leaf.getPrivate()));
        assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        PemKeyMaterial m = PemKeyMaterial.load(cert, key);
        assertThat(m.chain()).hasSize(2);
        assertThat(m.chain().getFirst().getSubjectX500Principal().getName()).isEqualTo("CN=leaf");
        assertThat(m.privateKey()).isInstanceOf(RSAPrivateKey.class).isEqualTo(leaf.getPrivate());
    }

    @Test
    void ecKeysInSec1AndPkcs8() throws Exception {
        // Bouncy Castle's keys encode the curve inside the SEC1 structure, as openssl writes them.
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", new org.bouncycastle.jce.provider.BouncyCastleProvider());
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        Path cert = Files.writeString(dir.resolve("cert.pem"), pem(certificate(pair, "SHA256withECDSA", "ec")));
        Path sec1 = Files.writeString(dir.resolve("sec1.pem"), pem(pair.getPrivate()));
        Path pkcs8 = Files.writeString(dir.resolve("pkcs8.pem"), pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
        assertThat(Files.readString(sec1)).contains("EC PRIVATE KEY");
        assertThat(PemKeyMaterial.load(cert, sec1).privateKey()).isInstanceOf(ECPrivateKey.class);
        assertThat(((ECPrivateKey) PemKeyMaterial.load(cert, pkcs8).privateKey()).getS())
                .isEqualTo(((ECPrivateKey) pair.getPrivate()).getS());
    }

    @Test
    void filesWithoutTheExpectedBlocksAreClearErrors() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not pem\n");
        assertThatThrownBy(() -> PemKeyMaterial.load(empty, empty))
                .isInstanceOf(IOException.class).hasMessageContaining("no PEM certificate");
        assertThatThrownBy(() -> PemKeyMaterial.load(dir.resolve("absent.pem"), empty))
                .isInstanceOf(IOException.class);
    }
}
