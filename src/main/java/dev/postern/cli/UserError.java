package dev.postern.cli;

/** A mistake the user can fix (exit code 1, one line on stderr, no stack trace). */
final class UserError extends RuntimeException {
    UserError(String message) {
        super(message);
    }
}
