package dev.postern.config;

/** A setting is unknown or its value is bad; the message names the key, the place and why. */
public final class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message);
    }
}
