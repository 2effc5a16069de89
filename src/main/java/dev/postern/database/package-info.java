/**
 * The database every node's stores share: SQLite in {@code <data_dir>/postern.db} by default, or
 * PostgreSQL when {@code database.url} names one and several nodes work as one (docs/SCALING.md).
 *
 * <p>Entry point: {@link dev.postern.database.Database#open}, a HikariCP pool for either engine
 * (SQLite keeps WAL, {@code synchronous=FULL}, a busy timeout and IMMEDIATE transactions). The
 * schema belongs to {@code accounts.Migrations}, which runs the same scripts on both engines.
 * {@link dev.postern.database.AdvisoryMaildropLock} gives POP3 a mailbox lock every node sees.
 * {@code SqliteLibrary} installs SQLite's native library once in {@code <data_dir>/lib/} rather
 * than letting every process extract it into {@code /tmp}.
 *
 * <p>Invariants: stores write SQL both engines accept (e.g. {@code INSERT … ON CONFLICT … DO
 * UPDATE}); a database that is down makes requests fail fast ({@code connectionTimeout} 5 s) with
 * an {@link java.lang.IllegalStateException}, which sessions answer with a 4xx, and the pool
 * reconnects by itself when it returns. The URL may carry a password and is never logged.
 */
package dev.postern.database;
