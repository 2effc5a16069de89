/**
 * The outbound SMTP client: one {@link dev.postern.smtp.client.ClientSession} per connection,
 * opened by {@link dev.postern.smtp.client.SmtpClient#open}, carrying one or more transactions.
 *
 * <p>It reads replies into {@link dev.postern.smtp.Reply} values (RFC 5321 §4.2, enhanced codes per
 * RFC 2034/3463); a reply that does not parse is a protocol error and ends the session with a
 * temporary {@code 4.5.0} outcome, never an exception to the caller. EHLO falls back to HELO
 * (RFC 5321 §4.1.1.1). STARTTLS (RFC 3207) is opportunistic by default; bytes the server sent
 * after its 220 and before our handshake are an injection attempt (CVE-2021-38371 class), so the
 * session is dropped rather than read. PIPELINING (RFC 2920) batches MAIL and the RCPTs; DATA is
 * sent alone once a recipient was accepted. SIZE (RFC 1870) is announced and checked; 8-bit
 * content to a server without 8BITMIME (RFC 6152) fails with {@code 5.6.3} (we do not downgrade);
 * non-ASCII addresses to a server without SMTPUTF8 fail with {@code 5.6.7} (RFC 6531 §3.2).
 * DATA is dot-stuffed and every line ending normalised to CRLF (RFC 5321 §4.5.2, §2.3.8): a bare
 * CR or LF never reaches the wire. Timeouts follow RFC 5321 §4.5.3.2.
 *
 * <p>Invariant: {@link dev.postern.smtp.client.ClientSession#send} returns one final reply per
 * recipient; only 2xx means accepted. The client knows nothing of the queue.
 */
package dev.postern.smtp.client;
