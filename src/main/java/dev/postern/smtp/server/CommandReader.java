package dev.postern.smtp.server;

import dev.postern.net.Connection;
import dev.postern.net.Line;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads one command line under a whole-line deadline. It reads octet by octet (from the
 * connection's buffer, so no system call each) and re-arms the {@link Deadline} before each read:
 * a client trickling one octet just inside the per-read timeout still runs out of time, which a
 * single {@code readLine} call could not enforce. It never reads past the line's LF, so pipelined
 * commands and STARTTLS's pending-input check see exactly what the client sent.
 */
final class CommandReader {

    private final Connection connection;
    private final SessionSettings settings;
    private final byte[] one = new byte[1];

    CommandReader(Connection connection, SessionSettings settings) {
        this.connection = connection;
        this.settings = settings;
    }

    /** A line (CR LF or bare LF ended), {@link Line.TooLong} past the limit (read to its end), or the end. */
    Line read() throws IOException {
        var deadline = new Deadline(connection, settings.commandTimeout(), settings.commandDeadline());
        int limit = settings.maxCommandLine();
        var line = new ByteArrayOutputStream(128);
        boolean tooLong = false;
        while (true) {
            deadline.arm();
            if (connection.read(one, 0, 1) < 0) {
                return new Line.End();
            }
            if (one[0] == '\n') {
                byte[] bytes = line.toByteArray();
                boolean crlf = bytes.length > 0 && bytes[bytes.length - 1] == '\r';
                byte[] text = crlf ? Arrays.copyOf(bytes, bytes.length - 1) : bytes;
                return tooLong || text.length > limit ? new Line.TooLong(limit) : new Line.Text(text, crlf);
            }
            if (line.size() <= limit) {
                line.write(one[0]); // one octet more than the limit, for a CR before the LF
            } else {
                tooLong = true; // RFC 5321 §4.5.3.1.4: consumed to its end, never buffered whole
            }
        }
    }
}
