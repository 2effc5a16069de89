package dev.postern.check;

import java.util.List;

/** The one question {@code postern check} asks DNS: the records of one type at one name. */
public interface DnsLookup {

    /** What DNS said: the records' data in zone-file form (TXT strings joined), none, or no answer at all. */
    sealed interface Answer {
        record Records(List<String> data) implements Answer {
            public Records {
                data = List.copyOf(data);
            }
        }

        /** No usable answer: a timeout, a refusal or SERVFAIL. */
        record Unreachable(String why) implements Answer {}
    }

    /** {@code type} is a mnemonic: MX, TXT, CNAME, SRV, A. NXDOMAIN and NODATA are {@code Records([])}. */
    Answer lookup(String name, String type);
}
