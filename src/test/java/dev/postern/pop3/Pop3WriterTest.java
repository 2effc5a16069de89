package dev.postern.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class Pop3WriterTest {

    private final ScriptConnection connection = new ScriptConnection(List.of(), d -> { }, false);
    private final Pop3Writer writer = new Pop3Writer(connection);

    @Test
    void every_line_starting_with_a_dot_is_stuffed_even_across_read_boundaries() throws IOException {
        byte[] content = "a\r\n.b\r\n..c\r\n.\r\n".getBytes(StandardCharsets.US_ASCII);
        writer.message(Pop3Replies.messageFollows(content.length), new TrickleStream(content), Pop3Writer.WHOLE);
        assertThat(connection.output()).isEqualTo("+OK 15 octets\r\na\r\n..b\r\n...c\r\n..\r\n.\r\n");
    }

    @Test
    void bare_line_feeds_go_out_as_crlf_and_a_missing_final_line_end_is_added() throws IOException {
        writer.message(Pop3Replies.topFollows(), stream("H: v\n\nbody\nlast"), Pop3Writer.WHOLE);
        assertThat(connection.output()).isEqualTo("+OK Top of message follows\r\nH: v\r\n\r\nbody\r\nlast\r\n.\r\n");
    }

    @Test
    void top_counts_body_lines_after_the_blank_line() throws IOException {
        writer.message(Pop3Replies.topFollows(), stream("A: 1\r\nB: 2\r\n\r\nx\r\ny\r\nz\r\n"), 2);
        assertThat(connection.output()).isEqualTo("+OK Top of message follows\r\nA: 1\r\nB: 2\r\n\r\nx\r\ny\r\n.\r\n");
    }

    @Test
    void top_zero_of_a_message_without_a_body_sends_the_header() throws IOException {
        writer.message(Pop3Replies.topFollows(), stream("A: 1\r\n"), 0);
        assertThat(connection.output()).isEqualTo("+OK Top of message follows\r\nA: 1\r\n.\r\n");
    }

    @Test
    void multi_line_listings_are_stuffed_and_terminated() throws IOException {
        writer.lines(Pop3Replies.capabilitiesFollow(), List.of("TOP", ".odd"));
        assertThat(connection.output()).isEqualTo("+OK Capability list follows\r\nTOP\r\n..odd\r\n.\r\n");
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Hands out one byte per read, so every line start falls on a read boundary. */
    private static final class TrickleStream extends InputStream {
        private final byte[] bytes;
        private int next;

        TrickleStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return next < bytes.length ? bytes[next++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (next >= bytes.length) {
                return -1;
            }
            buffer[offset] = bytes[next++];
            return 1;
        }
    }
}
