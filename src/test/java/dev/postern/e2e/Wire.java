package dev.postern.e2e;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw SMTP socket that shows every reply line, for what client libraries hide: multi-line
 * reply texts, replies to malformed input, connection refusals. Bounded by socket timeouts.
 */
public final class Wire implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private Wire(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1:port from {@code localAddress} (another loopback address, e.g. 127.0.0.5). */
    public static Wire connect(int port, String localAddress) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            return new Wire(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    public static Wire connect(int port) throws IOException {
        return connect(port, "127.0.0.1");
    }

    /** Sends one command line (CRLF added) and returns every line of its reply. */
    public List<String> command(String line) throws IOException {
        send((line + "\r\n").getBytes(ISO_8859_1));
        return reply();
    }

    /** Sends the first {@code length} octets of {@code bytes}, without flushing a buffer of our own. */
    public void sendPart(byte[] bytes, int length) throws IOException {
        out.write(bytes, 0, length);
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The lines of one reply, up to and including its last line ("xyz " or "xyz"). */
    public List<String> reply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = line();
            if (line == null) {
                throw new IOException("connection closed after " + lines);
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return lines;
            }
        }
    }

    /** The final line of one reply. */
    public String last() throws IOException {
        return reply().getLast();
    }

    /** Sends one command line and returns the final line of its reply. */
    public String last(String line) throws IOException {
        return command(line).getLast();
    }

    /** Every reply line that arrives until the server closes or stays quiet for {@code quietMillis}. */
    public List<String> drain(int quietMillis) throws IOException {
        List<String> lines = new ArrayList<>();
        socket.setSoTimeout(quietMillis);
        try {
            for (String line; (line = line()) != null; ) {
                lines.add(line);
            }
        } catch (SocketTimeoutException quiet) {
            // nothing more to read
        } finally {
            socket.setSoTimeout(10_000);
        }
        return lines;
    }

    /** True when the server closed the connection (end of stream or reset) within the read timeout. */
    public boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** One line without its CRLF, or null at end of stream. */
    public String line() throws IOException {
        var buffer = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return buffer.size() == 0 ? null : buffer.toString(ISO_8859_1);
            }
            if (b == '\n') {
                String text = buffer.toString(ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            buffer.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
