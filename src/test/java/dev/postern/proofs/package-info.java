/**
 * Proofs of the reliability and security promises (issue 7; docs/RELIABILITY.md and
 * docs/SECURITY.md say which test proves what): disk full on a real tmpfs, floods from many
 * loopback addresses, relay tricks from every port, path and SQL safety, TLS versions checked by
 * sslscan, and the Jazzer fuzz targets with their regression corpus. Every test is bounded in time
 * and uses only 127.0.0.0/8; the tmpfs ones need root (CI is root) and fail, never skip, without it.
 */
package dev.postern.proofs;
