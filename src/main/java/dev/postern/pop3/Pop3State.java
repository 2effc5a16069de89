package dev.postern.pop3;

import java.util.BitSet;
import java.util.Optional;

/** The session's state (RFC 1939 §3), each carrying what it needs. */
sealed interface Pop3State {

    /** Before login; {@code pendingUser} is set between USER and PASS. */
    record Authorization(Optional<String> pendingUser) implements Pop3State {
        static Authorization fresh() {
            return new Authorization(Optional.empty());
        }
    }

    /**
     * Logged in with the maildrop locked. {@code deleted} and {@code retrieved} hold 0-based
     * indexes into the snapshot and are the session's only mutable state: DELE and RETR mark,
     * RSET clears {@code deleted}. Nothing touches the disk before UPDATE.
     */
    record Transaction(String account, Pop3Maildrop maildrop, BitSet deleted, BitSet retrieved)
            implements Pop3State {
        Transaction(String account, Pop3Maildrop maildrop) {
            this(account, maildrop, new BitSet(), new BitSet());
        }
    }

    /** After QUIT in TRANSACTION: apply the deletions, then close (RFC 1939 §6). */
    record Update(Transaction transaction) implements Pop3State {}

    record Closed() implements Pop3State {}
}
