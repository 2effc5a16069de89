/**
 * {@code postern explain IP|ADDRESS}: why mail from a client or sender was last refused, and what
 * fixes it, in plain words, from the server's own compact record of recent events (relay, size and
 * TLS-required refusals, failed and throttled logins, POP-before-SMTP grants, sending-limit blocks),
 * not from a log grep. Entry points: {@link dev.postern.explain.EventRecorder} (sessions hand it
 * events) and {@link dev.postern.explain.Explainer} (the words).
 *
 * <p>Invariants: recording never blocks nor fails a session: events go to a bounded queue that one
 * thread writes in batches, and a full queue or a failing database drops the event (counted) rather
 * than slow the mail down. The table stays small: events older than {@link EventRecorder#MAX_AGE}
 * go, at most {@link EventRecorder#KEEP_PER_CLIENT} remain per client address and
 * {@link EventRecorder#KEEP_TOTAL} in all. All SQL is in
 * {@link dev.postern.explain.JdbcEventStore} (the common subset of SQLite and PostgreSQL), behind
 * {@link dev.postern.explain.EventStore}. Schema: {@code V5__events.sql} of the accounts database.
 */
package dev.postern.explain;
