package dev.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fuzz target (issue 7, docs/SECURITY.md): the DATA/BDAT content reader. Whatever the client sends
 * and however the network splits it, the stored content has only CRLF line ends (no smuggling
 * ambiguity left for the next hop), never exceeds the limit, and does not depend on the split.
 * Regression inputs: {@code DataReaderFuzzTestInputs/}.
 */
class DataReaderFuzzTest {

    private static final byte[] END = "\r\n.\r\n".getBytes(StandardCharsets.US_ASCII);

    @FuzzTest(maxDuration = "10m")
    void storedContentIsCrlfOnlyBoundedAndIndependentOfTheSplit(FuzzedDataProvider data) throws IOException {
        int limit = data.consumeInt(0, 4096);
        int chunk = data.consumeInt(1, 64);
        byte[] sent = data.consumeRemainingAsBytes();
        byte[] wire = Arrays.copyOf(sent, sent.length + END.length);
        System.arraycopy(END, 0, wire, sent.length, END.length);

        var whole = new ByteArrayOutputStream();
        int[] consumed = {0};
        var outcome = new DataReader(counting(source(wire, wire.length), consumed)).transfer(whole, limit);
        var split = new ByteArrayOutputStream();
        var splitOutcome = new DataReader(source(wire, chunk)).transfer(split, limit);

        assertThat(outcome).isNotInstanceOf(DataReader.Outcome.Truncated.class);
        if (onlyRealEndIsTheLast(wire)) {
            // Smuggling: no other end-of-data form (\n.\n, \r.\r, \r\n.\r, NULs …) ends it early.
            assertThat(consumed[0]).as("octets read before the end was seen").isEqualTo(wire.length);
        }
        assertThat(splitOutcome).isEqualTo(outcome);
        assertThat(split.toByteArray()).isEqualTo(whole.toByteArray());
        byte[] stored = whole.toByteArray();
        assertThat((long) stored.length).isLessThanOrEqualTo(limit);
        if (outcome instanceof DataReader.Outcome.Complete) {
            assertCrlfOnly(stored);
        }
    }

    private static void assertCrlfOnly(byte[] stored) {
        for (int i = 0; i < stored.length; i++) {
            if (stored[i] == '\r') {
                assertThat(i + 1 < stored.length && stored[i + 1] == '\n').as("bare CR at %d", i).isTrue();
            } else if (stored[i] == '\n') {
                assertThat(i > 0 && stored[i - 1] == '\r').as("bare LF at %d", i).isTrue();
            }
        }
    }

    /** True when CRLF.CRLF (or ".CRLF" right after DATA's own CRLF) occurs only at the very end. */
    private static boolean onlyRealEndIsTheLast(byte[] wire) {
        String text = new String(wire, StandardCharsets.ISO_8859_1);
        return !text.startsWith(".\r\n") && text.indexOf("\r\n.\r\n") == wire.length - END.length;
    }

    private static DataReader.Source counting(DataReader.Source source, int[] consumed) {
        return (buffer, offset, length) -> {
            int n = source.read(buffer, offset, length);
            consumed[0] += Math.max(n, 0);
            return n;
        };
    }

    /** The wire bytes handed out at most {@code chunk} at a time, as TCP may. */
    private static DataReader.Source source(byte[] wire, int chunk) {
        int[] position = {0};
        return (buffer, offset, length) -> {
            if (position[0] >= wire.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, chunk), wire.length - position[0]);
            System.arraycopy(wire, position[0], buffer, offset, n);
            position[0] += n;
            return n;
        };
    }
}
