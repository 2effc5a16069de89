package dev.postern.intake;

import dev.postern.smtp.MailAddress;
import java.util.List;

/**
 * What intake asks of the accounts: is a domain hosted here, and where does mail for an address
 * go once aliases and catch-alls are expanded. Answers reflect the database at the moment of the
 * call, so a domain or user added from the CLI is seen by the running server at once.
 */
public interface Directory {

    boolean hosts(String domain);

    Resolution resolve(MailAddress address);

    /**
     * This directory, remembering its answers for as long as the returned one is used (one
     * message's intake asks each question once; a resolved address also answers whether its
     * domain is hosted). Not thread-safe.
     */
    static Directory remembering(Directory directory) {
        var hosted = new java.util.HashMap<String, Boolean>();
        var resolved = new java.util.HashMap<String, Resolution>();
        return new Directory() {
            @Override
            public boolean hosts(String domain) {
                return hosted.computeIfAbsent(domain, directory::hosts);
            }

            @Override
            public Resolution resolve(MailAddress address) {
                return resolved.computeIfAbsent(address.canonical(), key -> {
                    Resolution answer = directory.resolve(address);
                    hosted.putIfAbsent(address.domain(), !(answer instanceof Resolution.NotHosted));
                    return answer;
                });
            }
        };
    }

    /**
     * This directory, remembering the answers that accepted an address ({@link Resolution.Deliver})
     * for as long as the returned one is used: a transaction's DATA reuses what its RCPTs were
     * accepted with. Any other answer is asked afresh, so a user or domain added from the CLI is
     * seen by the next RCPT of the same transaction. Not thread-safe.
     */
    static Directory rememberingAccepted(Directory directory) {
        var accepted = new java.util.HashMap<String, Resolution.Deliver>();
        return new Directory() {
            @Override
            public boolean hosts(String domain) {
                return directory.hosts(domain);
            }

            @Override
            public Resolution resolve(MailAddress address) {
                Resolution.Deliver known = accepted.get(address.canonical());
                if (known != null) {
                    return known;
                }
                Resolution answer = directory.resolve(address);
                if (answer instanceof Resolution.Deliver deliver) {
                    accepted.put(address.canonical(), deliver);
                }
                return answer;
            }
        };
    }

    /** Where an address leads. */
    sealed interface Resolution {
        /** Final destinations: local mailboxes, or remote addresses an alias forwards to. */
        record Deliver(List<MailAddress> targets) implements Resolution {
            public Deliver {
                targets = List.copyOf(targets);
            }
        }

        /** No user, alias or catch-all matches in a hosted domain (550 5.1.1). */
        record Unknown() implements Resolution {}

        /** The address is not in a hosted domain: a relay question, not a lookup one. */
        record NotHosted() implements Resolution {}
    }
}
