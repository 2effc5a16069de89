package dev.postern.sending;

import java.time.Instant;

/** A domain blocked by the max defers and failures per hour until {@code until}, with the numbers that tripped it. */
public record Block(String domain, Instant until, Instant trippedAt, int deferFail, int total) {
}
