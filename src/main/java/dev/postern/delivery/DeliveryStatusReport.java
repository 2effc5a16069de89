package dev.postern.delivery;

import dev.postern.queue.Diagnosis;
import dev.postern.queue.QueueEntry;
import dev.postern.queue.Undelivered;
import dev.postern.smtp.Reply;
import dev.postern.smtp.ReversePath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One RFC 3464 report as bytes: a {@code multipart/report; report-type=delivery-status} (RFC 6522)
 * of a plain-words part, a {@code message/delivery-status} part, and the original message
 * ({@code message/rfc822}) or its headers ({@code text/rfc822-headers}).
 */
final class DeliveryStatusReport {

    enum Action {
        FAILED("failure", "failed"), DELAYED("delay", "delayed");

        private final String word;
        private final String field;

        Action(String word, String field) {
            this.word = word;
            this.field = field;
        }

        String word() {
            return word;
        }
    }

    /** What is returned of the original: all of it, or its header block. */
    record Original(byte[] bytes, boolean full) {}

    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final QueueEntry entry;
    private final List<Undelivered> recipients;
    private final Action action;
    private final BounceSettings settings;
    private final Instant now;
    private final Original original;

    DeliveryStatusReport(QueueEntry entry, List<Undelivered> recipients, Action action, BounceSettings settings,
                         Instant now, Original original) {
        this.entry = entry;
        this.recipients = List.copyOf(recipients);
        this.action = action;
        this.settings = settings;
        this.now = now;
        this.original = original;
    }

    byte[] bytes() {
        String boundary = entry.id() + "." + now.toEpochMilli() + "/" + settings.reportingMta();
        var out = new ByteArrayOutputStream();
        write(out, headers(boundary));
        write(out, "This is a MIME-encapsulated message.\r\n\r\n--" + boundary + "\r\n");
        write(out, "Content-Description: Notification\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n");
        write(out, NoticeText.of(entry, recipients, action == Action.FAILED, settings, now));
        write(out, "\r\n--" + boundary + "\r\n");
        write(out, "Content-Description: Delivery report\r\nContent-Type: message/delivery-status\r\n\r\n");
        write(out, statusFields());
        write(out, "\r\n--" + boundary + "\r\n");
        write(out, original.full()
                ? "Content-Description: Undelivered Message\r\nContent-Type: message/rfc822\r\n\r\n"
                : "Content-Description: Message Headers\r\nContent-Type: text/rfc822-headers\r\n\r\n");
        out.writeBytes(crlfTerminated(original.bytes()));
        write(out, "\r\n--" + boundary + "--\r\n");
        return out.toByteArray();
    }

    private String headers(String boundary) {
        String to = ((ReversePath.Sender) entry.sender()).address().toString();
        String subject = action == Action.FAILED ? "Undelivered Mail Returned to Sender"
                : "Delayed Mail (still being retried)";
        return "From: Mail Delivery System <MAILER-DAEMON@" + settings.reportingMta() + ">\r\n"
                + "To: <" + to + ">\r\n"
                + "Subject: " + subject + "\r\n"
                + "Date: " + DATE.format(now) + "\r\n"
                + "Message-ID: <" + entry.id() + "." + now.toEpochMilli() + "." + action.word() + "@"
                + settings.reportingMta() + ">\r\n"
                + "Auto-Submitted: auto-replied\r\n" // RFC 3834 §5: no auto-reply to this
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status;\r\n"
                + "\tboundary=\"" + boundary + "\"\r\n\r\n";
    }

    /** RFC 3464 §2.2 per-message fields, then §2.3 per-recipient fields, each group after a blank line. */
    private String statusFields() {
        var out = new StringBuilder();
        out.append("Reporting-MTA: dns; ").append(settings.reportingMta()).append("\r\n");
        out.append("X-Postern-Queue-ID: ").append(entry.id()).append("\r\n");
        entry.parameters().envid().ifPresent(id -> out.append("Original-Envelope-Id: ").append(clean(xtextDecoded(id))).append("\r\n"));
        out.append("Arrival-Date: ").append(DATE.format(entry.arrival())).append("\r\n");
        for (var u : recipients) {
            Diagnosis d = u.diagnosis();
            out.append("\r\n");
            out.append("Final-Recipient: rfc822; ").append(u.recipient().address()).append("\r\n");
            u.recipient().orcpt().ifPresent(o -> out.append("Original-Recipient: ").append(clean(xtextDecoded(o))).append("\r\n"));
            out.append("Action: ").append(action.field).append("\r\n");
            out.append("Status: ").append(status(d.reply())).append("\r\n");
            d.remoteMta().ifPresent(m -> out.append("Remote-MTA: dns; ").append(hostName(m)).append("\r\n"));
            out.append("Diagnostic-Code: smtp; ").append(clean(diagnostic(d.reply()))).append("\r\n");
            out.append("Last-Attempt-Date: ").append(DATE.format(now)).append("\r\n");
            if (action == Action.DELAYED) {
                out.append("Will-Retry-Until: ").append(DATE.format(entry.arrival().plus(settings.giveUpAfter())))
                        .append("\r\n");
            }
        }
        return out.toString();
    }

    /** RFC 3464 §2.3.4: the enhanced code, or the reply class with 0.0 when the reply had none. */
    static String status(Reply reply) {
        return reply.status().present() ? reply.enhancedCode() : (reply.code() / 100) + ".0.0";
    }

    static String diagnostic(Reply reply) {
        String text = (reply.code() + " " + reply.enhancedCode()).strip() + " " + reply.text();
        return text.length() > 900 ? text.substring(0, 900) + "..." : text;
    }

    /** {@code mx.example.com[192.0.2.1]:25} to {@code mx.example.com}. */
    static String hostName(String remoteMta) {
        int bracket = remoteMta.indexOf('[');
        return bracket > 0 ? remoteMta.substring(0, bracket) : remoteMta;
    }

    /** RFC 3461 §4: ENVID and ORCPT arrive as xtext ({@code +XX} escapes); the report carries them decoded. */
    static String xtextDecoded(String xtext) {
        var out = new ByteArrayOutputStream();
        for (int i = 0; i < xtext.length(); i++) {
            char c = xtext.charAt(i);
            if (c == '+' && i + 2 < xtext.length() && isHex(xtext.charAt(i + 1)) && isHex(xtext.charAt(i + 2))) {
                out.write(Integer.parseInt(xtext.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    static String clean(String value) {
        return value.replaceAll("[\\r\\n\\t]+", " ");
    }

    /** The header block of a message: up to and without the first empty line. */
    static byte[] headerBlock(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        var line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                byte[] l = line.toByteArray();
                if (l.length <= 2 && (l.length == 1 || l[0] == '\r')) {
                    break;
                }
                out.writeBytes(l);
                line.reset();
                if (out.size() > 1024 * 1024) {
                    break; // a header block this large is not worth returning whole
                }
            }
        }
        out.writeBytes(line.toByteArray().length > 2 ? line.toByteArray() : new byte[0]);
        return out.toByteArray();
    }

    private static byte[] crlfTerminated(byte[] bytes) {
        if (bytes.length >= 2 && bytes[bytes.length - 2] == '\r' && bytes[bytes.length - 1] == '\n') {
            return bytes;
        }
        var out = new ByteArrayOutputStream();
        out.writeBytes(bytes);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
