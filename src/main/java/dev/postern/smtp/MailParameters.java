package dev.postern.smtp;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The ESMTP parameters of MAIL FROM that Postern keeps with the envelope: SIZE (RFC 1870), BODY
 * (RFC 6152 / 3030), SMTPUTF8 (RFC 6531), and the DSN parameters RET and ENVID (RFC 3461 §4.3–4.4).
 */
public record MailParameters(OptionalLong size, Body body, boolean smtputf8,
                             Optional<Ret> ret, Optional<String> envid) {

    public static final MailParameters NONE =
            new MailParameters(OptionalLong.empty(), Body.SEVEN_BIT, false, Optional.empty(), Optional.empty());

    public enum Body { SEVEN_BIT, EIGHT_BIT_MIME, BINARY_MIME }

    public enum Ret { FULL, HDRS }
}
