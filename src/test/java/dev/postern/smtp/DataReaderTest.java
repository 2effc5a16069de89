package dev.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataReaderTest {

    /**
     * A source over fixed bytes that counts how far it was read. When {@code peeking}, it also
     * shows a few octets ahead (1 to 13, as a socket buffer would hold them), and a read may take
     * no more than the last peek showed.
     */
    static final class Bytes implements DataReader.Source {
        private final byte[] bytes;
        private final boolean peeking;
        private int position;
        private int largestRead;
        private int shown;

        Bytes(String text, boolean peeking) {
            this.bytes = text.getBytes(StandardCharsets.ISO_8859_1);
            this.peeking = peeking;
        }

        @Override
        public int peek(byte[] buffer, int offset, int length) {
            if (!peeking) {
                return 0;
            }
            shown = Math.min(Math.min(length, 1 + position % 13), bytes.length - position);
            System.arraycopy(bytes, position, buffer, offset, shown);
            return shown;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            assertThat(shown == 0 || length <= shown).as("read past what peek showed").isTrue();
            shown = 0;
            largestRead = Math.max(largestRead, length);
            if (position == bytes.length) {
                return -1;
            }
            int n = Math.min(length, bytes.length - position);
            System.arraycopy(bytes, position, buffer, offset, n);
            position += n;
            return n;
        }

        String rest() {
            return new String(bytes, position, bytes.length - position, StandardCharsets.ISO_8859_1);
        }
    }

    /** The source the tests read from; {@link DataReaderPeekingTest} runs them all with peeking on. */
    Bytes source(String text) {
        return new Bytes(text, false);
    }

    private static String stored(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void endsAtCrlfDotCrlfAndLeavesWhatFollowsUnread() throws IOException {
        var source = source("Subject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n");
        var out = new ByteArrayOutputStream();
        var outcome = new DataReader(source).transfer(out, 1000);
        assertThat(outcome).isEqualTo(new DataReader.Outcome.Complete(20));
        assertThat(stored(out)).isEqualTo("Subject: x\r\n\r\nbody\r\n");
        assertThat(source.rest()).isEqualTo("QUIT\r\n");
        assertThat(source.largestRead).isLessThanOrEqualTo(source.peeking ? 13 : 5);
    }

    @Test
    void emptyMessage() throws IOException {
        var source = source(".\r\nNEXT");
        var out = new ByteArrayOutputStream();
        assertThat(new DataReader(source).transfer(out, 10)).isEqualTo(new DataReader.Outcome.Complete(0));
        assertThat(source.rest()).isEqualTo("NEXT");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unstuffing        | a\\r\\n..b\\r\\n...\\r\\n.c\\r\\n | a\\r\\n.b\\r\\n..\\r\\nc\\r\\n",
            "bare LF           | a\\nb\\r\\n                     | a\\r\\nb\\r\\n",
            "bare CR           | a\\rb\\r\\n                     | a\\r\\nb\\r\\n",
            "LF dot LF         | a\\n.\\nb\\r\\n                 | a\\r\\n\\r\\nb\\r\\n",
            "CR dot CRLF       | a\\r.\\r\\nb\\r\\n               | a\\r\\n\\r\\nb\\r\\n",
            "LF dot CRLF       | a\\n.\\r\\nb\\r\\n               | a\\r\\n\\r\\nb\\r\\n",
            "CRLF dot LF       | a\\r\\n.\\nb\\r\\n               | a\\r\\n\\r\\nb\\r\\n",
            "CRLF dot CR CRLF  | a\\r\\n.\\r\\r\\nb\\r\\n           | a\\r\\n\\r\\n\\r\\nb\\r\\n",
            "CRLF dot CR       | a\\r\\n.\\rb\\r\\n               | a\\r\\n\\r\\nb\\r\\n",
            "NUL before dot    | a\\r\\n\\0.\\r\\nb\\r\\n           | a\\r\\n\\0.\\r\\nb\\r\\n",
            "NUL after dot     | a\\r\\n.\\0\\r\\nb\\r\\n           | a\\r\\n\\0\\r\\nb\\r\\n",
            "CR CR LF          | a\\r\\r\\nb\\r\\n                 | a\\r\\n\\r\\nb\\r\\n",
    })
    void normalisesBareLineEndsAndNeverEndsEarly(String name, String content, String expected) throws IOException {
        var source = source(unescape(content) + ".\r\nAFTER");
        var out = new ByteArrayOutputStream();
        assertThat(new DataReader(source).transfer(out, 1000)).isInstanceOf(DataReader.Outcome.Complete.class);
        assertThat(stored(out)).isEqualTo(unescape(expected));
        assertThat(source.rest()).isEqualTo("AFTER");
    }

    @Test
    void truncatedWhenTheStreamEnds() throws IOException {
        var out = new ByteArrayOutputStream();
        assertThat(new DataReader(source("a\r\nb\n.\n")).transfer(out, 100))
                .isEqualTo(new DataReader.Outcome.Truncated());
        assertThat(new DataReader(source("a\r\n.\r")).transfer(new ByteArrayOutputStream(), 100))
                .isEqualTo(new DataReader.Outcome.Truncated());
    }

    @Test
    void pastTheLimitKeepsReadingButStopsWriting() throws IOException {
        var source = source("0123456789\r\nabcdef\r\n.\r\nQUIT");
        var out = new ByteArrayOutputStream();
        assertThat(new DataReader(source).transfer(out, 8)).isEqualTo(new DataReader.Outcome.TooBig(20));
        assertThat(stored(out)).isEqualTo("01234567");
        assertThat(source.rest()).isEqualTo("QUIT");
    }

    @Test
    void writesInBoundedChunksWhateverTheLineLength() throws IOException {
        var source = source("x".repeat(1_000_000) + "\r\n.\r\n");
        var largestWrite = new int[1];
        var total = new long[1];
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                largestWrite[0] = Math.max(largestWrite[0], len);
                total[0] += len;
            }
        };
        assertThat(new DataReader(source).transfer(out, Long.MAX_VALUE))
                .isEqualTo(new DataReader.Outcome.Complete(1_000_002));
        assertThat(total[0]).isEqualTo(1_000_002);
        assertThat(largestWrite[0]).isLessThanOrEqualTo(8192);
    }

    /** Random mixes of CR, LF, dots and NULs: the data ends only at the real terminator appended last. */
    @Test
    void randomBareLineEndsNeverEndTheData() throws IOException {
        var random = new Random(5321);
        char[] alphabet = {'\r', '\n', '.', '\0', 'a'};
        for (int round = 0; round < 2000; round++) {
            var content = new StringBuilder();
            for (int i = 0; i < 1 + random.nextInt(30); i++) {
                content.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String text = content.toString();
            String framed = "\r\n" + text + "\r\n.\r\n"; // the CRLF of the DATA line counts
            if (framed.indexOf("\r\n.\r\n") != framed.length() - 5) {
                continue; // a real terminator before the end: not this test's subject
            }
            var source = source(text + "\r\n.\r\nAFTER");
            var out = new ByteArrayOutputStream();
            assertThat(new DataReader(source).transfer(out, 1000)).as("%s", text.replace("\r", "\\r").replace("\n", "\\n"))
                    .isInstanceOf(DataReader.Outcome.Complete.class);
            assertThat(source.rest()).isEqualTo("AFTER");
            assertThat(stored(out)).doesNotContainPattern("\r(?!\n)|(?<!\r)\n").endsWith("\r\n");
        }
    }

    private static String unescape(String text) {
        return text.strip().replace("\\r", "\r").replace("\\n", "\n").replace("\\0", "\0");
    }
}
