/**
 * Watching the server without entering its protocol code: decorators of the existing ports
 * ({@code Inbound}, {@code Authentication}, {@code GrantStore}, {@code Deliverer},
 * {@code ConnectionHandler}) and the SMTP session's {@code SessionObserver}, each feeding the
 * metrics ({@link dev.postern.metrics.ServerMetrics}) and the events of {@code postern explain}
 * ({@link dev.postern.explain.EventRecorder}). Entry point: {@link dev.postern.observe.Observability},
 * built once in {@code Postern.start}.
 *
 * <p>Invariants: a decorator returns exactly what the port it wraps returned, and a failure of
 * counting or recording is logged, never passed to the session.
 */
package dev.postern.observe;
