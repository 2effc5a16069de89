/**
 * Delivery: what the queue runner calls to get a message where it belongs, and the bounces when
 * it cannot.
 *
 * <p>Entry point: {@link dev.postern.delivery.Router}, the {@link dev.postern.queue.Deliverer} the
 * runner is given. It sends recipients in hosted domains to {@link dev.postern.delivery.LocalDelivery}
 * (Maildir) and the others to {@link dev.postern.delivery.RemoteDelivery}. Remote routing is, in
 * order: {@code delivery.routes}, the relay host, then MX (RFC 5321 §5.1; null MX per RFC 7505).
 * Remote delivery groups recipients by domain, tries hops in order (next MX on 4xx or an
 * unreachable host), caps concurrent deliveries per destination, reuses idle connections, and
 * reports every outcome to a {@link dev.postern.delivery.DeliveryListener} (the sending limits).
 * {@link dev.postern.delivery.Bounces} is the runner's {@link dev.postern.queue.BounceHook}: it
 * writes RFC 3464 reports (multipart/report, RFC 6522) and queues them with the null sender.
 *
 * <p>Local delivery prepends {@code Return-Path:} (RFC 5321 §4.4: added at final delivery) and
 * {@code Delivered-To:} (as Postfix and Dovecot do, for loop detection), then streams the queued
 * content into the Maildir. A storage failure defers (4.3.0, or 4.3.1 when the disk is full); it
 * never bounces. Invariants: 4xx and DNS trouble defer, only 5xx and final DNS answers fail; never a
 * bounce to the null sender. One log line per recipient per attempt: queue ID, recipient, outcome.
 * See {@code docs/DELIVERY.md}.
 */
package dev.postern.delivery;
