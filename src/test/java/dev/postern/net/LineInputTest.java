package dev.postern.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineInputTest {

    private static LineInput input(String text, int bufferSize) {
        return new LineInput(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), bufferSize);
    }

    private static String text(Line line) {
        assertThat(line).isInstanceOf(Line.Text.class);
        return ((Line.Text) line).ascii();
    }

    @Test
    void crlfLineIsReturnedWithoutTerminator() throws IOException {
        LineInput in = input("EHLO example.org\r\nQUIT\r\n", 64);
        Line first = in.readLine(100);
        assertThat(text(first)).isEqualTo("EHLO example.org");
        assertThat(((Line.Text) first).crlf()).isTrue();
        assertThat(text(in.readLine(100))).isEqualTo("QUIT");
        assertThat(in.readLine(100)).isInstanceOf(Line.End.class);
    }

    @Test
    void bareLfLineIsReportedAsNotCrlf() throws IOException {
        LineInput in = input("one\ntwo\r\n", 64);
        Line.Text one = (Line.Text) in.readLine(100);
        assertThat(one.ascii()).isEqualTo("one");
        assertThat(one.crlf()).isFalse();
        assertThat(((Line.Text) in.readLine(100)).crlf()).isTrue();
    }

    @Test
    void bareCrInsideALineIsKept() throws IOException {
        assertThat(text(input("a\rb\r\n", 64).readLine(100))).isEqualTo("a\rb");
    }

    @Test
    void lineOfExactlyTheLimitFitsWithItsCrlf() throws IOException {
        LineInput in = input("abcde\r\nabcde\n", 4);
        assertThat(text(in.readLine(5))).isEqualTo("abcde");
        assertThat(text(in.readLine(5))).isEqualTo("abcde");
    }

    @Test
    void lineOverTheLimitIsConsumedAndTheNextLineIsIntact() throws IOException {
        String longLine = "x".repeat(100_000);
        LineInput in = input(longLine + "\r\nNOOP\r\n", 16);
        assertThat(in.readLine(1000)).isEqualTo(new Line.TooLong(1000));
        assertThat(text(in.readLine(1000))).isEqualTo("NOOP");
    }

    @Test
    void oneOctetOverTheLimitIsTooLongWithOrWithoutCr() throws IOException {
        LineInput in = input("abcdef\r\nabcdef\n", 64);
        assertThat(in.readLine(5)).isInstanceOf(Line.TooLong.class);
        assertThat(in.readLine(5)).isInstanceOf(Line.TooLong.class);
    }

    @Test
    void partialLineAtEndOfStreamIsEnd() throws IOException {
        LineInput in = input("MAIL FROM:<a@b>", 64);
        assertThat(in.readLine(100)).isInstanceOf(Line.End.class);
    }

    @Test
    void emptyLinesAreText() throws IOException {
        LineInput in = input("\r\n\n", 64);
        assertThat(text(in.readLine(10))).isEmpty();
        assertThat(text(in.readLine(10))).isEmpty();
    }

    @Test
    void rawReadDrainsTheBufferBeforeTheStream() throws IOException {
        LineInput in = input("BDAT 5\r\nhelloQUIT\r\n", 64);
        assertThat(text(in.readLine(100))).isEqualTo("BDAT 5");
        assertThat(in.buffered()).isEqualTo(11);
        byte[] chunk = new byte[5];
        int n = in.read(chunk, 0, 5);
        assertThat(new String(chunk, 0, n, StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(text(in.readLine(100))).isEqualTo("QUIT");
        assertThat(in.read(chunk, 0, 5)).isEqualTo(-1);
    }

    @Test
    void linesSplitAcrossTinyReadsAreJoined() throws IOException {
        InputStream trickle = new ByteArrayInputStream("RCPT TO:<x@y>\r\n".getBytes(StandardCharsets.US_ASCII)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        LineInput in = new LineInput(trickle, 8);
        Line.Text line = (Line.Text) in.readLine(100);
        assertThat(line.ascii()).isEqualTo("RCPT TO:<x@y>");
        assertThat(line.crlf()).isTrue();
    }

    @Test
    void limitMuchLargerThanBufferStillReadsWholeLine() throws IOException {
        String line = "y".repeat(5000);
        assertThat(text(input(line + "\r\n", 16).readLine(10_000))).isEqualTo(line);
    }
}
