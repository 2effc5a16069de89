package dev.postern.e2e;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.postern.net.Connection;
import dev.postern.net.ConnectionHandler;
import dev.postern.net.Line;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A deliberately tiny SMTP responder that proves the harness, not SMTP: it answers every command
 * with a fixed reply, takes DATA up to the lone dot, upgrades on STARTTLS, and records what it heard.
 */
final class ScriptedResponder implements ConnectionHandler {

    final List<String> heard = new CopyOnWriteArrayList<>();
    final List<String> bodies = new CopyOnWriteArrayList<>();

    @Override
    public void handle(Connection c) throws IOException {
        reply(c, "220 responder.test ESMTP harness");
        while (true) {
            if (!(c.readLine(1000) instanceof Line.Text line)) {
                return;
            }
            heard.add(line.ascii().toUpperCase(Locale.ROOT)); // python's smtplib sends lower-case verbs
            String verb = line.ascii().split(" ", 2)[0].toUpperCase(Locale.ROOT);
            switch (verb) {
                case "EHLO" -> reply(c, "250-responder.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 STARTTLS");
                case "STARTTLS" -> {
                    reply(c, "220 go ahead");
                    c.startTls();
                }
                case "DATA" -> {
                    reply(c, "354 end with .");
                    bodies.add(body(c));
                    reply(c, "250 2.0.0 queued as H1");
                }
                case "QUIT" -> {
                    reply(c, "221 bye");
                    return;
                }
                case "HELO", "MAIL", "RCPT", "RSET", "NOOP" -> reply(c, "250 ok");
                default -> reply(c, "500 unrecognised");
            }
        }
    }

    /** Data ends only at CRLF.CRLF, so bare-LF dots stay inside the body. */
    private static String body(Connection c) throws IOException {
        StringBuilder body = new StringBuilder();
        boolean afterCrlf = true;
        while (c.readLine(1000) instanceof Line.Text line) {
            if (afterCrlf && line.crlf() && line.ascii().equals(".")) {
                break;
            }
            body.append(line.ascii()).append(line.crlf() ? "\n" : "<LF>");
            afterCrlf = line.crlf();
        }
        return body.toString();
    }

    private static void reply(Connection c, String text) throws IOException {
        c.write((text + "\r\n").getBytes(US_ASCII));
        c.flush();
    }
}
