/**
 * DMARC (RFC 7489): does the author domain (From) publish a policy, and is the message aligned
 * with it through SPF or DKIM?
 *
 * <p>Entry point: {@link dev.postern.dmarc.DmarcCheck#check} with the {@link
 * dev.postern.dmarc.AuthorDomains} of the message and the SPF and DKIM results. Organizational
 * domains come from the Public Suffix List as Debian ships it ({@link dev.postern.dmarc.PublicSuffixes}).
 *
 * <p>Invariants: a DNS failure is temperror (the caller never turns it into a 5xx); several From
 * domains, or an unparsable one, are permerror (not evaluated, §6.6.1); reports (rua/ruf) are not
 * sent.
 */
package dev.postern.dmarc;
