package dev.postern.smtp;

/**
 * A reverse or forward path as written in MAIL FROM or RCPT TO (RFC 5321 §4.1.2), before the
 * command decides which forms it allows: {@code <>} only in MAIL, {@code <Postmaster>} only in RCPT.
 */
public sealed interface ParsedPath {

    /** {@code <>}, the null reverse path of bounces. */
    record NullPath() implements ParsedPath {}

    /** {@code <local@domain>}; {@code ascii} is false for an internationalised address (RFC 6531). */
    record Mailbox(MailAddress address, boolean ascii) implements ParsedPath {}

    /** {@code <Postmaster>} without a domain (RFC 5321 §4.1.1.3). */
    record Postmaster() implements ParsedPath {}

    /** Not a path; {@code reason} is for logs and tests. */
    record Bad(String reason) implements ParsedPath {}
}
