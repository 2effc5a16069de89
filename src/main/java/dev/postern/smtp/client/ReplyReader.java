package dev.postern.smtp.client;

import dev.postern.smtp.Reply;
import dev.postern.smtp.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads one (possibly multi-line) SMTP reply from the server (RFC 5321 §4.2.1). */
final class ReplyReader {

    // RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; be lenient, but bounded.
    static final int MAX_LINE = 4096;
    static final int MAX_LINES = 200;
    private static final Pattern ENHANCED = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})(?: |$)");

    private final InputStream in;

    ReplyReader(InputStream in) {
        this.in = in;
    }

    /** The next reply; {@link ProtocolException} when it is not SMTP, EOF as an IOException. */
    Reply read() throws IOException {
        var texts = new ArrayList<String>();
        int code = -1;
        while (true) {
            String line = readLine();
            if (line.length() < 3 || !isCode(line) || (line.length() > 3 && line.charAt(3) != ' '
                    && line.charAt(3) != '-')) {
                throw new ProtocolException("garbled reply: " + printable(line));
            }
            int lineCode = Integer.parseInt(line.substring(0, 3));
            if (code != -1 && lineCode != code) {
                // RFC 5321 §4.2.1: every line of a multi-line reply carries the same code.
                throw new ProtocolException("reply code changed within a reply: " + printable(line));
            }
            code = lineCode;
            texts.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return reply(code, texts);
            }
            if (texts.size() >= MAX_LINES) {
                throw new ProtocolException("reply of more than " + MAX_LINES + " lines");
            }
        }
    }

    /** Turns code and texts into a Reply, taking the enhanced code off each line (RFC 2034 §4). */
    static Reply reply(int code, List<String> texts) throws ProtocolException {
        if (code < 200 || code > 599) {
            throw new ProtocolException("reply code out of range: " + code);
        }
        Status status = Status.NONE;
        var lines = new ArrayList<String>();
        for (String text : texts) {
            var m = ENHANCED.matcher(text);
            if (m.find() && Integer.parseInt(m.group(1)) == code / 100) {
                status = new Status(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
                text = text.substring(m.end());
            }
            lines.add(text);
        }
        return new Reply(code, status, lines);
    }

    private String readLine() throws IOException {
        var buf = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("connection closed by the server");
            }
            if (b == '\n') {
                byte[] bytes = buf.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.UTF_8);
            }
            if (buf.size() >= MAX_LINE) {
                throw new ProtocolException("reply line longer than " + MAX_LINE + " bytes");
            }
            buf.write(b);
        }
    }

    private static boolean isCode(String line) {
        for (int i = 0; i < 3; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String printable(String line) {
        String cut = line.length() > 80 ? line.substring(0, 80) + "..." : line;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** The server said something that is not an SMTP reply. */
    static final class ProtocolException extends IOException {
        ProtocolException(String message) {
            super(message);
        }
    }
}
