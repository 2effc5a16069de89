/**
 * Intake: the application side of an SMTP session ({@link dev.postern.smtp.server.Inbound}).
 *
 * <p>Entry point: {@link dev.postern.intake.Intake}. For each RCPT it asks the
 * {@link dev.postern.intake.Directory} (hosted domain? known user?) and, for other domains, the
 * {@link dev.postern.policy.RelayPolicy}; the message (DATA) reuses the answers that accepted its
 * recipients, refusals are asked afresh ({@link dev.postern.intake.Directory#rememberingAccepted}). An authenticated client's MAIL FROM must be one its account
 * owns ({@link dev.postern.intake.SenderIdentity}, {@code submission.sender_check}; 553 5.7.1). For the message it expands aliases to their final targets,
 * writes the {@code Received:} trace header first (RFC 5321 §4.4, protocol names from RFC 3848), and
 * streams the content into a {@link dev.postern.queue.QueueWriter} — or, when every target is a
 * hosted mailbox and {@code delivery.local_at_intake} is on, into the Maildirs themselves
 * ({@link dev.postern.intake.MailboxSink}), with no queue file at all.
 *
 * <p>Invariant: {@code 250} after DATA only once the queue entry is durable (file and directory
 * fsynced), or every Maildir copy is (file fsynced, linked into {@code new/}, {@code new/} fsynced); a local fault answers {@code 451 4.3.0} (or {@code 452 4.3.1} when the disk is full),
 * never {@code 250} and never {@code 5xx}. The null sender is accepted from anybody (RFC 5321
 * §4.5.5: bounces must get through).
 */
package dev.postern.intake;
