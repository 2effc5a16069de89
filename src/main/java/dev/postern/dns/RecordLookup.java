package dev.postern.dns;

import java.net.InetAddress;
import java.util.List;

/**
 * The DNS questions the authenticity checks ask (SPF, DKIM keys, DMARC policies). Implementations
 * do not throw: every outcome, a timeout too, is an {@link Answer}.
 */
public interface RecordLookup {

    /** TXT records, each one's character-strings joined without separator (RFC 7208 §3.3, RFC 6376 §3.6.2.2). */
    Answer<String> txt(String name);

    /** A (IPv4) or AAAA (IPv6) addresses of {@code name}. */
    Answer<InetAddress> addresses(String name, boolean ipv6);

    /** MX exchange names of {@code name}, lowest preference first. */
    Answer<String> mx(String name);

    /** PTR names of an address (its in-addr.arpa or ip6.arpa name). */
    Answer<String> ptr(InetAddress address);

    /** One DNS answer: values found (possibly none), the name does not exist, or the lookup failed. */
    record Answer<T>(Status status, List<T> values, String why) {
        public Answer {
            values = List.copyOf(values);
        }

        public enum Status { FOUND, NXDOMAIN, TEMPFAIL }

        public static <T> Answer<T> found(List<T> values) {
            return new Answer<>(Status.FOUND, values, "");
        }

        public static <T> Answer<T> nxdomain() {
            return new Answer<>(Status.NXDOMAIN, List.of(), "NXDOMAIN");
        }

        public static <T> Answer<T> tempfail(String why) {
            return new Answer<>(Status.TEMPFAIL, List.of(), why);
        }

        /** RFC 7208 §4.6.4: a void lookup is NXDOMAIN or an empty answer. */
        public boolean isVoid() {
            return status == Status.NXDOMAIN || (status == Status.FOUND && values.isEmpty());
        }
    }
}
