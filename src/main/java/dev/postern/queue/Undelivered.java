package dev.postern.queue;

import dev.postern.smtp.Recipient;

/** A recipient that failed or is still deferred, with why: what a bounce or delay notice reports. */
public record Undelivered(Recipient recipient, Diagnosis diagnosis) {
}
