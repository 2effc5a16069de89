/**
 * SPF (RFC 7208): may this client send mail from the MAIL FROM domain?
 *
 * <p>Entry point: {@link dev.postern.spf.SpfCheck#check}, check_host() over
 * {@link dev.postern.dns.RecordLookup}. Records parse into sealed terms ({@code Term}); macros
 * (§7) expand the letters s, l, o, d, i, p ("unknown": we never validate PTR names for it), v, h
 * with their transformers; exp= is accepted and never fetched (we never reject with its text).
 *
 * <p>Invariants: §4.6.4's limits (10 DNS-querying terms across includes and redirects, 10 MX or
 * PTR names, 2 void lookups) end the evaluation with permerror; a DNS failure ends it with
 * temperror; a syntax error anywhere is permerror; no exception escapes {@code check}.
 */
package dev.postern.spf;
