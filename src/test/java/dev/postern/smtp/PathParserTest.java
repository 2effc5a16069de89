package dev.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathParserTest {

    private static ParsedPath parse(String text) {
        return PathParser.parse(text, 0).path();
    }

    @Test
    void nullPath() {
        assertThat(parse("<>")).isEqualTo(new ParsedPath.NullPath());
        assertThat(PathParser.parse("<> SIZE=1", 0).end()).isEqualTo(2);
    }

    @Test
    void mailboxWithEndIndex() {
        var result = PathParser.parse("<Alice@Example.TEST> NOTIFY=NEVER", 0);
        assertThat(result.path()).isEqualTo(new ParsedPath.Mailbox(new MailAddress("Alice", "example.test"), true));
        assertThat(result.end()).isEqualTo(20);
    }

    @Test
    void postmasterWithoutDomainAnyCase() {
        assertThat(parse("<Postmaster>")).isEqualTo(new ParsedPath.Postmaster());
        assertThat(parse("<POSTMASTER>")).isEqualTo(new ParsedPath.Postmaster());
        assertThat(parse("<\"postmaster\">")).isInstanceOf(ParsedPath.Bad.class);
    }

    @Test
    void sourceRouteIsIgnored() {
        assertThat(parse("<@a.test,@[192.0.2.1]:u@c.test>"))
                .isEqualTo(new ParsedPath.Mailbox(new MailAddress("u", "c.test"), true));
    }

    @Test
    void quotedLocalPartKeptUnlessPlainDotString() {
        assertThat(parse("<\"john doe\"@x.test>"))
                .isEqualTo(new ParsedPath.Mailbox(new MailAddress("\"john doe\"", "x.test"), true));
        assertThat(parse("<\"bob\"@x.test>")).isEqualTo(new ParsedPath.Mailbox(new MailAddress("bob", "x.test"), true));
        assertThat(parse("<\"a\\\"b\"@x.test>"))
                .isEqualTo(new ParsedPath.Mailbox(new MailAddress("\"a\\\"b\"", "x.test"), true));
    }

    @Test
    void addressLiterals() {
        assertThat(parse("<u@[192.0.2.1]>")).isInstanceOf(ParsedPath.Mailbox.class);
        assertThat(parse("<u@[IPv6:2001:db8::1]>")).isInstanceOf(ParsedPath.Mailbox.class);
        assertThat(parse("<u@[256.0.0.1]>")).isInstanceOf(ParsedPath.Bad.class);
        assertThat(parse("<u@[hello]>")).isInstanceOf(ParsedPath.Bad.class);
    }

    @Test
    void internationalisedAddressIsMarkedNonAscii() {
        assertThat(parse("<jürgen@bücher.test>"))
                .isEqualTo(new ParsedPath.Mailbox(new MailAddress("jürgen", "bücher.test"), false));
    }

    @Test
    void limitsOfRfc5321Section4531() {
        assertThat(parse("<" + "a".repeat(64) + "@x.test>")).isInstanceOf(ParsedPath.Mailbox.class);
        assertThat(parse("<" + "a".repeat(65) + "@x.test>")).isInstanceOf(ParsedPath.Bad.class);
        String longDomain = ("d".repeat(60) + ".").repeat(4) + "test"; // 248 octets
        assertThat(parse("<ab@" + longDomain + ">")).isInstanceOf(ParsedPath.Mailbox.class);
        assertThat(parse("<abcdefgh@" + longDomain + ">")).isInstanceOf(ParsedPath.Bad.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "<", "<a@b", "a@b.test", "<a@b.test", "<@b.test>", "<a@>", "<a>", "<a..b@x.test>",
            "<.a@x.test>", "<a.@x.test>", "<a b@x.test>", "<a@-x.test>", "<a@x-.test>", "<a@x..test>", "<a@@x.test>",
            "<\"unterminated@x.test>", "<\"a\u0001\"@x.test>", "<a@x.test\u0000>", "<a\uFFFD@x.test>", "<@a.test:>",
            "<a@x_y.test>", "<<a@x.test>>"})
    void badPaths(String text) {
        assertThat(parse(text)).isInstanceOf(ParsedPath.Bad.class);
    }
}
