package dev.postern.limits;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Counts failed logins per client address and per account and says when a client must wait, for
 * SMTP AUTH and POP3 alike. A port so the counts can move to the shared database when several
 * nodes serve one host; {@link MemoryAuthThrottle} keeps them in memory for one node. Every method
 * takes the current time, so callers pass their injected {@link java.time.Clock}'s instant.
 * Accounts are canonical addresses ({@code user@domain}, lower case).
 */
public interface AuthThrottle {

    /**
     * How long {@code client} must wait before it may try to log in as {@code account}; empty when
     * it may try now. Check before verifying a password, so a throttled client learns nothing.
     */
    Optional<Duration> retryAfter(InetAddress client, String account, Instant now);

    /** Counts a failed login (wrong password or unknown user) by {@code client} as {@code account}. */
    void failed(InetAddress client, String account, Instant now);

    /** A successful login: forgets the client's failures. */
    void succeeded(InetAddress client, String account, Instant now);

    /** The addresses and accounts with failures or bans, for {@code postern auth status}. */
    List<Entry> status(Instant now);

    /**
     * Lifts the ban and forgets the failures of an IP address (IPv6: its /64) or an account, for
     * {@code postern auth unban}. Returns false when nothing was known about it.
     */
    boolean unban(String ipOrAccount);

    /** What is counted against an IP address or an account. */
    enum Scope { IP, ACCOUNT }

    /**
     * One counted key: {@code recentFailures} within the counting window, {@code strikes} bans so
     * far (each doubles the next), and the end of the current ban if one is running.
     */
    record Entry(Scope scope, String key, int recentFailures, int strikes, Optional<Instant> bannedUntil) {
    }
}
