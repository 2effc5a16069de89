/**
 * Shared test helpers for protocol sessions: {@link dev.postern.testing.Transcript} (files of
 * C:/S: lines with wildcards) and {@link dev.postern.testing.ScriptedConnection}, a
 * {@link dev.postern.net.Connection} played from a transcript without sockets or threads. Every
 * failure names the transcript file and line. Usable for SMTP now and POP3 later.
 */
package dev.postern.testing;
