/**
 * DKIM (RFC 6376): signing the mail of hosted domains and verifying signatures on mail received.
 *
 * <p>Entry points: {@link dev.postern.dkim.DkimSigner} (relaxed/relaxed, From oversigned, one
 * signature per active key: RSA-SHA256 and/or Ed25519-SHA256 per RFC 8463),
 * {@link dev.postern.dkim.DkimVerifier} (at most five signatures, keys through
 * {@link dev.postern.dns.RecordLookup}), {@link dev.postern.dkim.DkimKeys} (keys as PKCS#8 PEM in the
 * {@code dkim_keys} table of the accounts database, migration V6, shared by every node).
 *
 * <p>Why our own signer: Apache jDKIM is not in our Maven mirror list and is little maintained;
 * the JDK's own providers sign RSA-SHA256 and Ed25519, and DKIM's remaining work is
 * canonicalization (a streaming state machine here) and tag lists. Bouncy Castle only derives an
 * Ed25519 public key from its stored seed. The signer is checked against an implementation nobody
 * here wrote (Debian's python3-dkim) in both directions, and against RFC 8463's published vectors.
 *
 * <p>Invariants: bodies are canonicalized as they stream, never held twice; anything from a message
 * (d=, s=, i=) is checked as a domain name before it reaches DNS or a header we write; a DNS failure
 * is a temperror, never a fail; RSA keys below 1024 bits and rsa-sha1 are refused (RFC 8301).
 */
package dev.postern.dkim;
