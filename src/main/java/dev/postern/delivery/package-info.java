/**
 * Delivery: what the queue runner calls to get a message where it belongs.
 *
 * <p>Entry point: {@link dev.postern.delivery.Router}, the {@link dev.postern.queue.Deliverer} the
 * runner is given. It sends recipients in hosted domains to {@link dev.postern.delivery.LocalDelivery}
 * (Maildir) and, until remote delivery lands, defers the others with "remote delivery not enabled
 * yet" so they stay queued and nothing is lost.
 *
 * <p>Local delivery prepends {@code Return-Path:} (RFC 5321 §4.4: added at final delivery) and
 * {@code Delivered-To:} (as Postfix and Dovecot do, for loop detection), then streams the queued
 * content into the Maildir. A storage failure defers (4.3.0, or 4.3.1 when the disk is full); it
 * never bounces. One log line per recipient per attempt: queue ID, recipient, outcome.
 */
package dev.postern.delivery;
