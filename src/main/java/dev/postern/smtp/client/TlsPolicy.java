package dev.postern.smtp.client;

/**
 * How a session uses TLS. {@code OPPORTUNISTIC}: STARTTLS when offered, plaintext otherwise (RFC
 * 3207; what MTAs do towards MX hosts). {@code STARTTLS}: STARTTLS or no delivery. {@code IMPLICIT}:
 * TLS from the first byte (RFC 8314, a submission smarthost on 465). {@code trust}: ANY accepts every
 * certificate (opportunistic TLS protects against passive eavesdropping only, as with Postfix's
 * "may" level); VERIFY checks the chain against the JDK trust store and the host name.
 */
public record TlsPolicy(Mode mode, Trust trust) {

    public static final TlsPolicy OPPORTUNISTIC = new TlsPolicy(Mode.OPPORTUNISTIC, Trust.ANY);
    public static final TlsPolicy NONE = new TlsPolicy(Mode.NONE, Trust.ANY);

    public enum Mode { NONE, OPPORTUNISTIC, STARTTLS, IMPLICIT }

    public enum Trust { ANY, VERIFY }
}
