/**
 * Administration: every admin operation in one service over the account store, the queue and the settings,
 * so the CLI stays a thin shell and a later admin API reuses the same rules.
 *
 * <p>Entry point: {@link dev.postern.admin.Admin} ({@code init} sets up a node idempotently,
 * {@code firstRun} gives a fresh install a domain and a postmaster mailbox). Invariants: passwords
 * are hashed before they reach the store and wiped afterwards; the self-signed certificate's key
 * is created with mode 0600 and written before the certificate.
 */
package dev.postern.admin;
