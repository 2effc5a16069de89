package dev.postern.check;

/** One line of the verdict on the configuration or the certificate. */
public record Finding(Severity severity, String text) {

    /** {@code ERROR}: the server will not work as meant; {@code WARNING}: it works, but see to it. */
    public enum Severity { OK, WARNING, ERROR }

    static Finding ok(String text) {
        return new Finding(Severity.OK, text);
    }

    static Finding warning(String text) {
        return new Finding(Severity.WARNING, text);
    }

    static Finding error(String text) {
        return new Finding(Severity.ERROR, text);
    }
}
