package dev.postern.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrParseTest {

    @ParameterizedTest
    @CsvSource({
            "127.0.0.0/8, 127.1.2.3, true",
            "127.0.0.0/8, 128.0.0.1, false",
            "192.0.2.0/24, 192.0.2.255, true",
            "192.0.2.0/24, 192.0.3.0, false",
            "192.0.2.128/25, 192.0.2.127, false",
            "127.0.0.1, 127.0.0.1, true",
            "127.0.0.1, 127.0.0.2, false",
            "0.0.0.0/0, 203.0.113.9, true",
            "0.0.0.0/0, ::1, false",
            "2001:db8::/32, 2001:db8:ffff::1, true",
            "2001:db8::/32, 2001:db9::1, false",
            "::1, ::1, true",
            "::/0, 127.0.0.1, false",
            "10.0.0.0/12, 10.15.255.255, true",
            "10.0.0.0/12, 10.16.0.0, false"})
    void containment(String block, String address, boolean inside) {
        assertThat(Cidr.parse(block).contains(InetAddress.ofLiteral(address))).isEqualTo(inside);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.example.org", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/x", "", "10.0.0/8"})
    void badBlocksAreRefusedClearly(String block) {
        assertThatThrownBy(() -> Cidr.parse(block)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(block.isEmpty() ? "''" : block.substring(0, Math.min(4, block.length())));
    }

    @org.junit.jupiter.api.Test
    void hostBitsSetSuggestTheNetwork() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.1/8")).hasMessageContaining("did you mean 10.0.0.0/8");
    }

    @org.junit.jupiter.api.Test
    void anyOfMatchesAnyBlock() {
        var allow = Cidr.anyOf(List.of("127.0.0.1", "192.0.2.0/24"));
        assertThat(allow.test(InetAddress.ofLiteral("192.0.2.7"))).isTrue();
        assertThat(allow.test(InetAddress.ofLiteral("127.0.0.2"))).isFalse();
        assertThat(Cidr.anyOf(List.of()).test(InetAddress.ofLiteral("127.0.0.1"))).isFalse();
    }
}
