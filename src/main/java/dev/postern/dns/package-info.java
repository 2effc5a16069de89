/**
 * Finding where mail for a domain goes: MX records (RFC 5321 §5.1) with dnsjava, against the
 * configured {@code dns.servers} or the system resolver.
 *
 * <p>Entry point: {@link dev.postern.dns.MxResolver} (the port delivery uses) and its dnsjava
 * implementation {@link dev.postern.dns.DnsResolver}. The answer is a sealed
 * {@link dev.postern.dns.MailHosts}: hosts in preference order (equal preferences shuffled, RFC 5321
 * §5.1) each with its A and AAAA addresses; the domain itself when it has no MX but has addresses
 * (implicit MX, RFC 5321 §5.1); a null MX (RFC 7505 §3: one MX of preference 0 and target ".");
 * no such domain (NXDOMAIN, or neither MX nor address); or a temporary failure (SERVFAIL, REFUSED,
 * timeouts). Delivery treats the first three as final and the last as "try again later".
 * Names are queried as absolute names, so the resolver's search list never applies.
 */
package dev.postern.dns;
