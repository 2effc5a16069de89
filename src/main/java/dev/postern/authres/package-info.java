/**
 * Message authentication at intake: DKIM signing of our users' mail, and SPF, DKIM and DMARC
 * checks of mail from the Internet, recorded in an {@code Authentication-Results:} field (RFC 8601).
 *
 * <p>Entry point: {@link dev.postern.authres.MessageAuthentication}, an {@code Inbound} around
 * intake. The decision after the checks is the pure {@link dev.postern.authres.InboundPolicy}
 * ({@code inbound.dmarc_reject}, {@code inbound.spf_fail}, anti-spoofing of hosted domains).
 *
 * <p>Invariants: the message is spooled ({@code Spool}: memory, then a file under
 * {@code data_dir/spool}) and the signature or results are written on top before the queue
 * commit, so 250 still means fsynced; a DNS failure gives 451, never 5xx; fields carrying our
 * authserv-id are removed from incoming mail before ours is added (RFC 8601 §5); nothing from the
 * message reaches our field unchecked (see {@link dev.postern.authres.AuthenticationResults}).
 */
package dev.postern.authres;
