package dev.postern.smtp.server;

import java.time.Duration;

/**
 * What one SMTP session needs to know of its listener and its limits.
 *
 * @param hostname          the name in the greeting, EHLO and 421 replies
 * @param startTlsAvailable a certificate is configured and this listener offers STARTTLS (RFC 3207)
 * @param implicitTls       the listener wraps the connection in TLS from the first byte (RFC 8314)
 * @param messageSizeLimit  octets of content accepted per message; advertised as SIZE (RFC 1870)
 * @param maxRecipients     accepted RCPTs per transaction; more get 452 (RFC 5321 §4.5.3.1.8 asks for ≥100)
 * @param maxBadCommands    protocol errors (500–504, 555) before 421 and disconnect
 * @param maxCommandLine    octets per command line without CRLF; RFC 5321 §4.5.3.1.4 says 512, the
 *                          ESMTP parameters (SIZE, DSN's ORCPT and ENVID) need more, so 2048 by default
 * @param commandTimeout    the wait for a command (RFC 5321 §4.5.3.2.7: 5 minutes)
 * @param dataTimeout       the wait for each block of DATA/BDAT content (RFC 5321 §4.5.3.2.5: 3 minutes)
 * @param commandDeadline   the most one command line may take to arrive, however slowly it drips
 * @param dataDeadline      the most a whole DATA content or one BDAT chunk may take
 */
public record SessionSettings(String hostname, boolean startTlsAvailable, boolean implicitTls,
                              long messageSizeLimit, int maxRecipients, int maxBadCommands,
                              int maxCommandLine, Duration commandTimeout, Duration dataTimeout,
                              Duration commandDeadline, Duration dataDeadline) {

    public static final long DEFAULT_MESSAGE_SIZE_LIMIT = 25L * 1024 * 1024;

    public SessionSettings {
        if (hostname == null || hostname.isBlank()) {
            throw new IllegalArgumentException("hostname is required");
        }
        if (messageSizeLimit < 1 || maxRecipients < 1 || maxBadCommands < 1 || maxCommandLine < 512) {
            throw new IllegalArgumentException("limits must be positive, maxCommandLine at least 512");
        }
        if (startTlsAvailable && implicitTls) {
            throw new IllegalArgumentException("STARTTLS is not offered on an implicit-TLS listener");
        }
    }

    /** Plain listener, no STARTTLS, 25 MiB messages, 100 recipients, 20 errors, RFC 5321 timeouts. */
    public static SessionSettings defaults(String hostname) {
        return new SessionSettings(hostname, false, false, DEFAULT_MESSAGE_SIZE_LIMIT, 100, 20, 2048,
                Duration.ofMinutes(5), Duration.ofMinutes(3), Duration.ofMinutes(5), Duration.ofMinutes(30));
    }

    public SessionSettings withStartTlsAvailable(boolean available) {
        return new SessionSettings(hostname, available, implicitTls, messageSizeLimit, maxRecipients,
                maxBadCommands, maxCommandLine, commandTimeout, dataTimeout, commandDeadline, dataDeadline);
    }

    public SessionSettings withImplicitTls(boolean implicit) {
        return new SessionSettings(hostname, startTlsAvailable, implicit, messageSizeLimit, maxRecipients,
                maxBadCommands, maxCommandLine, commandTimeout, dataTimeout, commandDeadline, dataDeadline);
    }

    public SessionSettings withMessageSizeLimit(long octets) {
        return new SessionSettings(hostname, startTlsAvailable, implicitTls, octets, maxRecipients,
                maxBadCommands, maxCommandLine, commandTimeout, dataTimeout, commandDeadline, dataDeadline);
    }

    public SessionSettings withMaxRecipients(int count) {
        return new SessionSettings(hostname, startTlsAvailable, implicitTls, messageSizeLimit, count,
                maxBadCommands, maxCommandLine, commandTimeout, dataTimeout, commandDeadline, dataDeadline);
    }

    public SessionSettings withMaxBadCommands(int count) {
        return new SessionSettings(hostname, startTlsAvailable, implicitTls, messageSizeLimit, maxRecipients,
                count, maxCommandLine, commandTimeout, dataTimeout, commandDeadline, dataDeadline);
    }
}
