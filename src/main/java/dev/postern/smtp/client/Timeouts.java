package dev.postern.smtp.client;

import java.time.Duration;

/**
 * How long the client waits for each step. {@link #RFC_5321} holds the minimums of RFC 5321
 * §4.5.3.2: greeting 5 minutes, MAIL 5, RCPT 5, DATA initiation 2, data block 3, DATA
 * termination 10; connecting is not in the RFC (30 seconds, as Postfix's smtp_connect_timeout).
 * The data block timeout bounds each stretch of the content during which no byte could be written
 * (a watcher closes the socket, as socket writes have no timeout of their own).
 */
public record Timeouts(Duration connect, Duration greeting, Duration command, Duration dataInitiation,
                       Duration dataBlock, Duration dataTermination) {

    public static final Timeouts RFC_5321 = new Timeouts(Duration.ofSeconds(30), Duration.ofMinutes(5),
            Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(10));

    /** The same timeout for every step (tests). */
    public static Timeouts all(Duration each) {
        return new Timeouts(each, each, each, each, each, each);
    }
}
