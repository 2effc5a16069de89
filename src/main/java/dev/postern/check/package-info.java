/**
 * {@code postern check}: is this node ready for the world? The configuration and the certificate
 * (loads, matches its key, valid for long enough, names {@code hostname}), and for every hosted
 * domain the DNS records to publish, each looked up through {@code dns.servers} and marked
 * published, missing or different.
 *
 * <p>Entry point: {@link dev.postern.check.Check#run}, giving a {@link dev.postern.check.Report}.
 * The records come from a list of {@link dev.postern.check.RecordSource}s (mail: MX, SPF, DMARC;
 * clients: RFC 6186 SRV records and the autoconfig/autodiscover names); a later kind of record
 * (DKIM) is one more source. DNS is asked through the narrow {@link dev.postern.check.DnsLookup}.
 *
 * <p>Invariants: the check writes nothing of its own (no database is created where none exists;
 * an existing one is opened like every command opens it); DNS being unreachable is said once and
 * never counted as records missing. RFCs: 5321 §5.1 (MX), 7208 (SPF),
 * 7489 (DMARC), 6186 and 8314 §5.1 (SRV), 2782 (SRV format), 6125 §6.4 (certificate names).
 */
package dev.postern.check;
