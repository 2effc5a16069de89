/**
 * Watching the server without entering its protocol code: decorators of the existing ports
 * ({@code Inbound}, {@code Authentication}, {@code GrantStore}, {@code Deliverer},
 * {@code ConnectionHandler}) and the SMTP session's {@code SessionObserver}, each feeding the
 * metrics ({@link dev.postern.metrics.ServerMetrics}) and the events of {@code postern explain}
 * ({@link dev.postern.explain.EventRecorder}). Entry point: {@link dev.postern.observe.Observability},
 * built once in {@code Postern.start}.
 *
 * <p>The log itself: {@link dev.postern.observe.BatchingAppender} (the root appender in
 * {@code logback.xml}) writes every line from one background thread, in batches, to stderr
 * ({@link dev.postern.observe.StderrAppender}) and to the file {@link dev.postern.observe.LogFile}
 * adds under {@code postern serve} (docs/LOGGING.md).
 *
 * <p>Invariants: a decorator returns exactly what the port it wraps returned, and a failure of
 * counting or recording is logged, never passed to the session. No log line is dropped: a full
 * queue makes the logger wait, and stop or JVM exit writes every queued line first.
 */
package dev.postern.observe;
