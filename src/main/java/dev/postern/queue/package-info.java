/**
 * The durable queue: the only hand-off between intake and delivery (one way in, one way out).
 *
 * <p>Entry points: {@link dev.postern.queue.Queue#receive} (intake streams a message into a
 * {@link dev.postern.queue.QueueWriter}), {@link dev.postern.queue.Queue#recover} (start-up) and
 * {@link dev.postern.queue.QueueRunner} (takes due entries to a {@link dev.postern.queue.Deliverer}).
 *
 * <p>Layout under {@code <data_dir>/queue/}: {@code incoming/} holds files being received,
 * {@code active/} committed entries (and their {@code ID.status} files), {@code corrupt/} quarantine,
 * {@code flush/} flush requests from the admin CLI (empty files named by ID, consumed by the runner).
 * A queue file is a short text envelope header (format version, ID, arrival, sender, recipients
 * with their RFC 3461 DSN parameters, MAIL parameters, client) ending in a blank line, then the
 * message bytes. The header's {@code length} field is written last, so a truncated file is detected.
 *
 * <p>Invariants: an entry reaches {@code active/} only after its file was fsynced, and
 * {@link dev.postern.queue.QueueWriter#commit} returns only after the {@code active/} directory was
 * fsynced too (concurrent commits share one directory fsync: group commit). Per-recipient status
 * is replaced atomically (write, fsync, rename); a delivered recipient is recorded before the entry
 * is retried, so a restart may repeat a delivery in a crash window but never loses one. Retries
 * back off by the age of the message within bounds, as Postfix's qmgr does. The next attempt is
 * written before trying (without an fsync: it guards against a crashed process, not a power loss),
 * so an attempt cut short by a crash waits for its retry instead of looping at every start.
 * Permanent failures go to the {@link dev.postern.queue.BounceHook} before they are recorded, and
 * an entry deferred longer than the delay warning gets one delay notice ({@code ID.delayed} marks
 * it). A recipient's reason is kept as a {@link dev.postern.queue.Diagnosis} (reply and remote MTA).
 * Another process (the CLI) may open the queue beside the server: the constructor has no side
 * effects beyond creating missing directories, only {@code recover()} cleans up, and status files
 * are written under temporary names of their own.
 */
package dev.postern.queue;
