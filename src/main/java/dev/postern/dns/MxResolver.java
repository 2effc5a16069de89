package dev.postern.dns;

/** The DNS questions delivery asks. Implementations do not throw: failures are {@link MailHosts} values. */
public interface MxResolver {

    /** The mail hosts of {@code domain}, by MX (RFC 5321 §5.1) or implicit MX. */
    MailHosts mailHosts(String domain);

    /** The addresses of one host name (a route's or relay host's), as one implicit host. */
    MailHosts addressesOf(String host);
}
