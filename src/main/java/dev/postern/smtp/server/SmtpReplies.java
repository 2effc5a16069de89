package dev.postern.smtp.server;

import dev.postern.smtp.Reply;
import dev.postern.smtp.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Every reply the session itself sends; Inbound's replies pass through unchanged. */
final class SmtpReplies {

    private SmtpReplies() {
    }

    private static final Status NO_VRFY = new Status(5, 0);             // x.5.0, RFC 3463
    private static final Status NON_ASCII_ADDRESS = new Status(6, 7);   // x.6.7, RFC 6531 §3.5

    static final Reply OK = Reply.of(250, Status.OTHER, "Ok");
    static final Reply BYE = Reply.of(221, Status.OTHER, "Bye");
    // RFC 5321 §3.5.3: 252 when we will not verify; never enumerates users
    static final Reply CANNOT_VRFY = Reply.of(252, NO_VRFY,
            "Cannot VRFY user, but will accept message and attempt delivery");
    static final Reply HELP = Reply.of(214, Status.OTHER,
            "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH",
            "See RFC 5321");
    static final Reply START_DATA = Reply.of(354, Status.NONE, "End data with <CR><LF>.<CR><LF>");
    static final Reply READY_FOR_TLS = Reply.of(220, Status.OTHER, "Ready to start TLS");

    static final Reply NEED_HELO = Reply.of(503, Status.INVALID_COMMAND, "Error: send HELO/EHLO first");
    static final Reply NESTED_MAIL = Reply.of(503, Status.INVALID_COMMAND, "Error: nested MAIL command");
    static final Reply NEED_MAIL = Reply.of(503, Status.INVALID_COMMAND, "Error: need MAIL command");
    static final String NO_VALID_RCPT_TEXT = "valid RCPT command must precede DATA";
    static final Reply NO_VALID_RCPT = Reply.of(503, Status.INVALID_COMMAND, NO_VALID_RCPT_TEXT);
    static final Reply DATA_DURING_BDAT = Reply.of(503, Status.INVALID_COMMAND,
            "Error: DATA not allowed during a BDAT transfer");
    static final Reply RCPT_DURING_BDAT = Reply.of(503, Status.INVALID_COMMAND,
            "Error: RCPT not allowed during a BDAT transfer");
    static final Reply BINARYMIME_NEEDS_BDAT = Reply.of(503, Status.INVALID_COMMAND,
            "Error: BODY=BINARYMIME requires BDAT");
    static final Reply TLS_ACTIVE = Reply.of(554, Status.INVALID_COMMAND, "Error: TLS already active");
    static final Reply TLS_PIPELINED = Reply.of(554, Status.INVALID_COMMAND,
            "Error: pipelining after STARTTLS not allowed");
    static final Reply NOT_IMPLEMENTED = Reply.of(502, Status.INVALID_COMMAND, "Error: command not implemented");
    static final Reply AUTH_NOT_ENABLED = Reply.of(502, Status.INVALID_COMMAND, "Error: authentication not enabled");

    // RFC 4954 §4 and §6: the AUTH replies
    static final Reply AUTH_OK = Reply.of(235, Status.SECURITY_OTHER, "Authentication successful");
    static final Reply AUTH_FAILED = Reply.of(535, Status.BAD_CREDENTIALS, "Error: authentication failed");
    static final Reply AUTH_UNKNOWN_MECHANISM = Reply.of(504, Status.INVALID_ARGUMENTS,
            "Error: unsupported authentication mechanism; use PLAIN or LOGIN");
    static final Reply AUTH_BAD_RESPONSE = Reply.of(501, Status.SYNTAX_ERROR,
            "Error: malformed authentication response");
    static final Reply AUTH_CANCELLED = Reply.of(501, Status.OTHER, "Error: authentication cancelled");
    static final Reply AUTH_ALREADY_DONE = Reply.of(503, Status.INVALID_COMMAND, "Error: already authenticated");
    static final Reply AUTH_IN_TRANSACTION = Reply.of(503, Status.INVALID_COMMAND,
            "Error: MAIL transaction in progress");
    static final Reply NEED_EHLO = Reply.of(503, Status.INVALID_COMMAND, "Error: send EHLO first");
    static final Reply ENCRYPTION_REQUIRED = Reply.of(538, Status.ENCRYPTION_REQUIRED,
            "Encryption required for requested authentication mechanism");
    // RFC 4954 §6 and RFC 6409 §4.3: submission needs AUTH before MAIL
    static final Reply AUTH_REQUIRED = Reply.of(530, Status.SECURITY_OTHER, "Authentication required");
    static final Reply AUTH_TEMPORARY_FAILURE = Reply.of(454, Status.SECURITY_OTHER,
            "Temporary authentication failure, try again later");

    static final Reply TOO_MANY_RECIPIENTS = Reply.of(452, Status.TOO_MANY_RECIPIENTS, "Error: too many recipients");
    static final Reply SIZE_EXCEEDS_LIMIT = Reply.of(552, Status.MESSAGE_TOO_BIG, "Message size exceeds fixed limit");
    static final Reply MESSAGE_TOO_BIG = Reply.of(552, Status.MESSAGE_TOO_BIG, "Error: message file too big");
    static final Reply QUEUE_WRITE_ERROR = Reply.of(451, Status.SYSTEM_ERROR, "Error: queue file write error");
    static final Reply INSUFFICIENT_STORAGE = Reply.of(452, Status.SYSTEM_FULL, "Insufficient system storage");

    static final Reply LINE_TOO_LONG = Reply.of(500, Status.SYNTAX_ERROR, "Error: line too long");
    static final Reply UNKNOWN_COMMAND = Reply.of(500, Status.SYNTAX_ERROR, "Error: command not recognized");
    static final Reply CONTROL_CHARACTERS = Reply.of(500, Status.SYNTAX_ERROR,
            "Error: command contains control characters");
    static final Reply BAD_SENDER = Reply.of(501, Status.BAD_SENDER_SYNTAX, "Bad sender address syntax");
    static final Reply BAD_RECIPIENT = Reply.of(501, Status.BAD_DESTINATION_SYNTAX, "Bad recipient address syntax");
    static final Reply SENDER_NEEDS_SMTPUTF8 = Reply.of(553, NON_ASCII_ADDRESS,
            "Error: non-ASCII sender address requires SMTPUTF8");
    static final Reply RECIPIENT_NEEDS_SMTPUTF8 = Reply.of(553, NON_ASCII_ADDRESS,
            "Error: non-ASCII recipient address requires SMTPUTF8 in MAIL FROM");

    static Reply greeting(String hostname) {
        return Reply.of(220, Status.NONE, hostname + " ESMTP Postern");
    }

    static Reply helo(String hostname) {
        return Reply.of(250, Status.NONE, hostname);
    }

    /**
     * RFC 5321 §4.1.1.1 and each extension's RFC: the EHLO keywords, bare (RFC 2034 §3).
     * {@code authMechanisms} is empty when AUTH is not offered on this connection.
     */
    static Reply ehlo(String hostname, long sizeLimit, boolean offerStartTls, List<String> authMechanisms,
                      boolean legacyAuth) {
        var lines = new ArrayList<>(List.of(hostname, "PIPELINING", "SIZE " + sizeLimit, "8BITMIME",
                "ENHANCEDSTATUSCODES"));
        if (offerStartTls) {
            lines.add("STARTTLS");
        }
        if (!authMechanisms.isEmpty()) {
            String names = String.join(" ", authMechanisms);
            lines.add("AUTH " + names); // RFC 4954 §3
            if (legacyAuth) {
                // The pre-standard form (RFC 2554 drafts) that Outlook Express and old Outlook read;
                // LOGIN first, the one mechanism they know.
                lines.add("AUTH=" + String.join(" ", authMechanisms.reversed()));
            }
        }
        lines.addAll(List.of("SMTPUTF8", "CHUNKING", "DSN"));
        return new Reply(250, Status.NONE, lines);
    }

    /** DATA after only refused recipients: the refusal first, so the last line is not all a user sees. */
    static Reply allRecipientsRefused(Reply refusal) {
        var lines = new ArrayList<String>();
        lines.add("All RCPT commands were rejected with this error:");
        lines.addAll(refusal.lines());
        lines.add(NO_VALID_RCPT_TEXT);
        return new Reply(503, Status.INVALID_COMMAND, lines);
    }

    /** RFC 4954 §4: a server challenge, base64 (possibly empty), without an enhanced code. */
    static Reply challenge(String base64) {
        return Reply.of(334, Status.NONE, base64);
    }

    static Reply authThrottled(Duration retryAfter) {
        return Reply.of(454, Status.SECURITY_OTHER,
                "Error: too many failed logins, try again in " + seconds(retryAfter) + " seconds");
    }

    static Reply authThrottledClosing(String hostname, Duration retryAfter) {
        return Reply.of(421, Status.SECURITY_OTHER, hostname
                + " Error: too many failed logins, closing connection; try again in " + seconds(retryAfter) + " seconds");
    }

    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    static Reply chunkReceived(long octets) {
        return Reply.of(250, Status.OTHER, octets + " octets received");
    }

    static Reply syntax(String usage) {
        return Reply.of(501, Status.INVALID_ARGUMENTS, "Syntax: " + usage);
    }

    static Reply badParameter(String message) {
        return Reply.of(501, Status.INVALID_ARGUMENTS, "Error: " + message);
    }

    static Reply unsupportedParameter(String keyword) {
        return Reply.of(555, Status.INVALID_ARGUMENTS, "Unsupported option: " + keyword);
    }

    static Reply tooManyErrors(String hostname) {
        return Reply.of(421, Status.SECURITY_OTHER, hostname + " Error: too many errors");
    }

    static Reply timeout(String hostname) {
        return Reply.of(421, Status.CONNECTION_DROPPED, hostname + " Error: timeout exceeded");
    }

    static Reply internalError(String hostname) {
        return Reply.of(421, Status.SYSTEM_ERROR, hostname + " Error: internal error, try again later");
    }
}
