package dev.postern.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.postern.smtp.Reply;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzz target (issue 7, docs/SECURITY.md): the SMTP client's reply parser, fed whatever a remote
 * server sends. It returns replies with codes 200..599 or fails with an IOException (which defers
 * the delivery), never another exception. Regression inputs: {@code ReplyReaderFuzzTestInputs/}.
 */
class ReplyReaderFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void anyServerOutputIsRepliesOrAnIoException(byte[] input) {
        var reader = new ReplyReader(new ByteArrayInputStream(input));
        for (int i = 0; i < 1000; i++) {
            Reply reply;
            try {
                reply = reader.read();
            } catch (IOException garbledOrEnded) {
                return;
            }
            assertThat(reply.code()).isBetween(200, 599);
        }
    }
}
