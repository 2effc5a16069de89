package dev.postern.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.net.Line;
import dev.postern.net.Peer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The harness itself must be able to fail, and say where. */
class ScriptedConnectionTest {

    private static final Peer PEER = new Peer(InetAddress.getLoopbackAddress(), 1, 2, "test");

    private static ScriptedConnection script(String text) {
        return new ScriptedConnection(Transcript.parse("t.txt", text), PEER, Optional.empty());
    }

    private static void say(ScriptedConnection connection, String line) {
        connection.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void blocksAreSuppliedAfterTheExpectedLinesMatch() throws IOException {
        var connection = script("S: 220 *\nC: ONE\nC: TWO\nS: 250 one\nS: 250 two\n");
        say(connection, "220 hello");
        connection.flush();
        assertThat(connection.readLine(100)).isInstanceOf(Line.Text.class);
        assertThat(connection.hasPendingInput()).isTrue();
        assertThat(((Line.Text) connection.readLine(100)).ascii()).isEqualTo("TWO");
        assertThat(connection.hasPendingInput()).isFalse();
        say(connection, "250 one");
        say(connection, "250 two");
        connection.flush();
        assertThat(connection.readLine(100)).isInstanceOf(Line.End.class);
        connection.close();
        connection.verify();
    }

    @Test
    void aMismatchNamesTheFileAndLine() {
        var connection = script("C: HELLO\nS: 250 ok\nC: MORE\n");
        assertThatThrownBy(() -> {
            connection.readLine(100);
            say(connection, "500 no");
            connection.flush();
            connection.readLine(100);
        }).isInstanceOf(AssertionError.class).hasMessageContaining("t.txt line 2").hasMessageContaining("500 no");
    }

    @Test
    void unflushedRepliesBeforeABlockingReadFail() throws IOException {
        var connection = script("C: A\nS: 250 a\nC: B\n");
        connection.readLine(100);
        say(connection, "250 a");
        assertThatThrownBy(() -> connection.readLine(100)).hasMessageContaining("unflushed");
    }

    @Test
    void twoFlushesInOneBlockFail() throws IOException {
        var connection = script("C: A\nC: B\nS: 250 a\nS: 250 b\n");
        connection.readLine(100);
        say(connection, "250 a");
        connection.flush();
        say(connection, "250 b");
        assertThatThrownBy(connection::flush).hasMessageContaining("flushed twice");
    }

    @Test
    void extraOutputAndUnconsumedScriptFailAtClose() throws IOException {
        var connection = script("C: A\nS: 250 a\nC: B\nS: 250 b\n");
        connection.readLine(100);
        say(connection, "250 a");
        say(connection, "250 extra");
        connection.flush();
        connection.close();
        assertThatThrownBy(connection::verify).hasMessageContaining("250 extra");
    }

    @Test
    void timeoutLinesThrowAndRawBytesArriveExactly() throws IOException {
        var connection = script("C~ a\\r\\n.\\0\\n\nT:\nS: 421 bye\n");
        byte[] buffer = new byte[16];
        assertThat(connection.read(buffer, 0, 16)).isEqualTo(6);
        assertThat(new String(buffer, 0, 6, StandardCharsets.ISO_8859_1)).isEqualTo("a\r\n.\0\n");
        assertThatThrownBy(() -> connection.read(buffer, 0, 16)).isInstanceOf(SocketTimeoutException.class);
        say(connection, "421 bye");
        connection.flush();
        connection.close();
        connection.verify();
    }

    @Test
    void wildcards() {
        assertThat(Transcript.matches("250 2.0.0 Ok: queued as *", "250 2.0.0 Ok: queued as Q7")).isTrue();
        assertThat(Transcript.matches("250-*", "250 x")).isFalse();
        assertThat(Transcript.matches("a.c", "abc")).isFalse();
        assertThat(Transcript.matches("*", "")).isTrue();
    }
}
