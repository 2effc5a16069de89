package dev.postern.smtp;

import java.util.List;
import java.util.Objects;

/**
 * One SMTP reply: a three-digit code, an enhanced status (its class derived from the code), and
 * one or more lines of text. Replies are values; each protocol keeps its replies in one catalog
 * and writes them through one writer.
 */
public record Reply(int code, Status status, List<String> lines) {

    public Reply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        Objects.requireNonNull(status);
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply needs at least one line");
        }
    }

    public static Reply of(int code, Status status, String... lines) {
        return new Reply(code, status, List.of(lines));
    }

    /** 2xx and 3xx: the command was accepted (or its continuation invited). */
    public boolean positive() {
        return code < 400;
    }

    /** 4xx: a temporary failure, worth trying again later. */
    public boolean transientFailure() {
        return code >= 400 && code < 500;
    }

    /** 5xx: a permanent failure. */
    public boolean permanentFailure() {
        return code >= 500;
    }

    /** The enhanced code as written on the wire, e.g. {@code 5.7.1}; empty when the reply has none. */
    public String enhancedCode() {
        return status.forReply(code);
    }

    /** The text of all lines joined by a space, for logs and bounces. */
    public String text() {
        return String.join(" ", lines);
    }

    /**
     * The wire form: {@code 250-2.0.0 first} … {@code 250 2.0.0 last}, each line ending in CRLF.
     */
    public String wire() {
        var out = new StringBuilder();
        String enhanced = status.present() ? enhancedCode() + " " : "";
        for (int i = 0; i < lines.size(); i++) {
            out.append(code).append(i == lines.size() - 1 ? ' ' : '-')
               .append(enhanced).append(lines.get(i)).append("\r\n");
        }
        return out.toString();
    }
}
