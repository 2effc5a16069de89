package dev.postern.auth;

/**
 * One server-side SASL mechanism, fed decoded client messages one at a time. An instance serves
 * one exchange. Implementations see bytes, never base64 or protocol syntax: {@link SaslExchange}
 * decodes, handles {@code *} and zeroes the buffers.
 */
sealed interface SaslMechanism permits PlainMechanism, LoginMechanism {

    /** The first step when the client gave no initial response (RFC 4954 §4). */
    SaslStep begin();

    /** The next step after one decoded client message; the mechanism must not keep {@code message}. */
    SaslStep next(byte[] message);
}
