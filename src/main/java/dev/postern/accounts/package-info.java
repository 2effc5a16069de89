/**
 * Domains, users (mailboxes with Dovecot-form password hashes) and aliases, in the database of
 * {@code database.url}: the embedded SQLite file {@code <data_dir>/postern.db} by default, or a
 * PostgreSQL that several nodes share ({@link dev.postern.database.Database}); shared by the
 * running server and the CLI.
 *
 * <p>Entry point: {@link dev.postern.accounts.AccountStore}, which is also intake's
 * {@link dev.postern.intake.Directory}. Invariants: addresses and domains are stored in canonical
 * form ({@link dev.postern.smtp.MailAddress#canonical()}), so lookups are case-insensitive; every
 * call reads the database (no cache), so CLI changes reach the server at once; WAL journal,
 * {@code synchronous=FULL} and a busy timeout let both processes write safely. The schema is
 * versioned ({@code schema_version} + ordered scripts in resources), one script for both engines
 * (an engine-specific {@code V<n>__<what>.<engine>.sql} may override one; none does), migrated
 * under a PostgreSQL advisory lock so nodes starting together migrate once.
 *
 * <p>sqlite-jdbc is a JNI driver: a native call pins the virtual thread's carrier for its
 * duration. Lookups are short indexed queries on a small pool, so the pinning is brief; a
 * PostgreSQL store (pure-Java driver) is the way out for hosts that outgrow it.
 */
package dev.postern.accounts;
