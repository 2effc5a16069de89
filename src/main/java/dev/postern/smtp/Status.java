package dev.postern.smtp;

/**
 * An enhanced status code (RFC 3463) without its class digit: {@code subject.detail}.
 * The class is derived from the reply code when the reply is written, so a reply can never
 * say {@code 450 5.7.1}.
 */
public record Status(int subject, int detail) {

    /** No enhanced code: greetings, EHLO lines and other replies RFC 2034 leaves bare. */
    public static final Status NONE = new Status(-1, -1);

    public static final Status OTHER = new Status(0, 0);              // x.0.0
    public static final Status BAD_DESTINATION_MAILBOX = new Status(1, 1); // x.1.1
    public static final Status BAD_DESTINATION_SYNTAX = new Status(1, 3);  // x.1.3
    public static final Status DESTINATION_VALID = new Status(1, 5);       // x.1.5
    public static final Status BAD_SENDER_SYNTAX = new Status(1, 7);       // x.1.7
    public static final Status SENDER_VALID = new Status(1, 0);            // x.1.0
    public static final Status MAILBOX_FULL = new Status(2, 2);            // x.2.2
    public static final Status MESSAGE_TOO_BIG_FOR_MAILBOX = new Status(2, 3);
    public static final Status SYSTEM_FULL = new Status(3, 1);             // x.3.1
    public static final Status SYSTEM_NOT_ACCEPTING = new Status(3, 2);    // x.3.2
    public static final Status MESSAGE_TOO_BIG = new Status(3, 4);         // x.3.4
    public static final Status SYSTEM_ERROR = new Status(3, 0);            // x.3.0
    public static final Status NETWORK_OTHER = new Status(4, 0);           // x.4.0
    public static final Status CONNECTION_DROPPED = new Status(4, 2);      // x.4.2
    public static final Status TOO_MANY_RECIPIENTS = new Status(5, 3);     // x.5.3
    public static final Status INVALID_COMMAND = new Status(5, 1);         // x.5.1
    public static final Status SYNTAX_ERROR = new Status(5, 2);            // x.5.2
    public static final Status INVALID_ARGUMENTS = new Status(5, 4);       // x.5.4
    public static final Status WRONG_PROTOCOL_VERSION = new Status(5, 5);  // x.5.5
    public static final Status SECURITY_OTHER = new Status(7, 0);          // x.7.0
    public static final Status DELIVERY_NOT_AUTHORIZED = new Status(7, 1); // x.7.1
    public static final Status BAD_CREDENTIALS = new Status(7, 8);         // x.7.8
    public static final Status ENCRYPTION_REQUIRED = new Status(7, 11);    // x.7.11

    public boolean present() {
        return subject >= 0;
    }

    /** The full enhanced code for a reply of this code, e.g. {@code 5.7.1} for 550; empty when {@link #NONE}. */
    public String forReply(int replyCode) {
        return present() ? (replyCode / 100) + "." + subject + "." + detail : "";
    }
}
