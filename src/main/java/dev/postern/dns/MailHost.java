package dev.postern.dns;

import java.net.InetAddress;
import java.util.List;

/** One mail exchanger: its name, its MX preference (0 for an implicit MX) and its addresses. */
public record MailHost(String name, int preference, List<InetAddress> addresses) {

    public MailHost {
        addresses = List.copyOf(addresses);
    }
}
