package dev.postern.accounts;

/** An admin request that cannot be done as asked (exists already, not found, in use, bad name). */
public final class AccountException extends RuntimeException {
    public AccountException(String message) {
        super(message);
    }
}
