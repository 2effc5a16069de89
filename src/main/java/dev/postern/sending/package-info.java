/**
 * Per-sender-domain sending limits, as hosting admins know them from cPanel/Exim (docs/LIMITS.md):
 * "max defers and failures per hour" and "max emails per hour". Entry point: {@link
 * dev.postern.sending.SendingLimits}, which counts remote outcomes (a {@code DeliveryListener}),
 * answers intake before a message is accepted (a {@code SendingQuota}), and gates the queue's
 * route to remote delivery ({@link dev.postern.sending.SendingLimits#gate}).
 *
 * <p>Invariants: only remote deliveries and messages with remote recipients count, never local
 * mail; all state is in the accounts database behind {@code SendingStore} (one JDBC class holds
 * every statement), so a restart keeps it and the CLI sees what the server enforces; counters move
 * only by atomic upserts, never read-modify-write in Java; time comes from an injected clock. The
 * arithmetic ({@link dev.postern.sending.LimitRules}, {@code CountingWindow}) is pure.
 */
package dev.postern.sending;
