/**
 * The shared SMTP vocabulary: {@link dev.postern.smtp.Reply} with its enhanced
 * {@link dev.postern.smtp.Status}, addresses and paths ({@link dev.postern.smtp.PathParser}, RFC 5321
 * §4.1.2), the envelope, and the DATA content reader ({@link dev.postern.smtp.DataReader}).
 * Knows nothing of sockets, files or SQL.
 *
 * <p>DATA content decision (SMTP smuggling, CVE-2023-51764): the data ends only at a real
 * CRLF "." CRLF. Bare LF and bare CR in the content are stored as CRLF; a "." line that is not
 * both preceded and followed by a real CRLF is ordinary content, dot-unstuffed like any line
 * starting with ".". So no variant of a bare line ending can end a message or start a second one.
 * Lines longer than 998 octets (RFC 5321 §4.5.3.1.6) are kept as they are: refusing them would
 * lose mail that real clients send, and splitting them would alter signed content.
 *
 * <p>Invariants: parsing is total (bad input gives a value saying so, never an exception);
 * memory used by the readers is bounded whatever the message size.
 */
package dev.postern.smtp;
