package dev.postern.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "10.0.0.0/8,       10.255.255.255, true",
            "10.0.0.0/8,       11.0.0.0,       false",
            "192.0.2.128/25,   192.0.2.128,    true",
            "192.0.2.128/25,   192.0.2.127,    false",
            "192.0.2.1,        192.0.2.1,      true",
            "192.0.2.1,        192.0.2.2,      false",
            "0.0.0.0/0,        203.0.113.1,    true",
            "0.0.0.0/0,        ::1,            false",
            "2001:db8::/32,    2001:db8:ffff::1, true",
            "2001:db8::/32,    2001:db9::1,    false",
            "::1/128,          ::1,            true",
            "::/0,             127.0.0.1,      false",
            "10.0.0.0/8,       ::ffff:10.1.2.3, true",
            "fe80::/10,        febf::1,        true",
            "fe80::/10,        fec0::1,        false",
    })
    void containment(String block, String address, boolean expected) {
        assertThat(Cidr.parse(block).contains(InetAddress.ofLiteral(address))).isEqualTo(expected);
    }

    @Test
    void hostBitsAreATypoNamedWithItsFix() {
        assertThatThrownBy(() -> Cidr.parse("192.0.2.77/24")).hasMessageContaining("did you mean 192.0.2.0/24?");
        assertThat(Cidr.parse(" 2001:db8::/32 ")).hasToString("2001:db8:0:0:0:0:0:0/32");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/8", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/x", "example.org",
            "10.0.0.0.0", "300.1.1.1/8"})
    void nonsenseIsRefused(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
