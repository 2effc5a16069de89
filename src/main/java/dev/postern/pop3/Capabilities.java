package dev.postern.pop3;

import java.util.ArrayList;
import java.util.List;

/** The CAPA response (RFC 2449 §5), which depends on the state and on the connection's security. */
final class Capabilities {

    private Capabilities() {}

    static List<String> authorization(boolean stlsOffered, boolean plaintextAllowed) {
        var lines = new ArrayList<>(common());
        lines.add("AUTH-RESP-CODE"); // RFC 3206 §4
        if (plaintextAllowed) {
            lines.add("USER");
            lines.add("SASL PLAIN LOGIN"); // RFC 5034 §6; APOP stays off (RFC 1939 §7, MD5)
        }
        if (stlsOffered) {
            lines.add("STLS"); // RFC 2595 §4
        }
        lines.add("IMPLEMENTATION Postern");
        return lines;
    }

    static List<String> transaction() {
        var lines = new ArrayList<>(common());
        lines.add("IMPLEMENTATION Postern");
        return lines;
    }

    private static List<String> common() {
        return List.of("TOP", "UIDL", "RESP-CODES", "PIPELINING");
    }
}
