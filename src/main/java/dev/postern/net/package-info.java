/**
 * Listeners and connections, knowing nothing of SMTP or POP3: bind a port in plain, STARTTLS-capable
 * or implicit-TLS mode (RFC 8314), cap connections in total and per client address, run one
 * virtual thread per connection, and give sessions line I/O with octet limits, read timeouts,
 * output flushed once per reply batch, and the TLS upgrade guarded against injected input (RFC 3207 §4.2).
 *
 * <p>Entry points: {@link dev.postern.net.Listener#open}, {@link dev.postern.net.Listeners} for
 * graceful shutdown, {@link dev.postern.net.TlsContext#of}. Invariants: a line past its limit is
 * never buffered whole; every connection that was admitted is released and logged on close; a
 * write that waits longer than the read timeout (a client that stopped reading) has its connection
 * closed by the listener's watchdog ({@link dev.postern.net.WriteWatch}).
 */
package dev.postern.net;
