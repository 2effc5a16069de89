package dev.postern.dns;

import java.util.List;

/** Where mail for a domain goes, or why it cannot go there. */
public sealed interface MailHosts {

    /** Hosts to try in order; {@code implicit} when the domain had no MX and its own addresses are used. */
    record Found(List<MailHost> hosts, boolean implicit) implements MailHosts {
        public Found {
            hosts = List.copyOf(hosts);
        }
    }

    /** RFC 7505: the domain says it accepts no mail. */
    record NullMx() implements MailHosts {}

    /** NXDOMAIN, or a domain with neither MX nor address records. */
    record NoSuchDomain(String why) implements MailHosts {}

    /** SERVFAIL, a timeout, a refused query: worth asking again later. */
    record TemporaryFailure(String why) implements MailHosts {}
}
