package dev.postern.pop3;

import dev.postern.pop3.Pop3Reply.Challenge;
import dev.postern.pop3.Pop3Reply.Err;
import dev.postern.pop3.Pop3Reply.Ok;
import dev.postern.pop3.Pop3Reply.RespCode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Every status line the POP3 server sends, in one place. */
final class Pop3Replies {

    private Pop3Replies() {}

    static Ok greeting(String hostname) {
        return new Ok(hostname + " Postern POP3 ready");
    }

    static Ok capabilitiesFollow() {
        return new Ok("Capability list follows");
    }

    static Ok mechanismsFollow() {
        return new Ok("Supported SASL mechanisms follow");
    }

    static Ok sendPassword() {
        return new Ok("Send PASS");
    }

    static Ok loggedIn(int messages, long octets) {
        return new Ok("Logged in, " + messages + " messages (" + octets + " octets)");
    }

    static Ok signingOff() {
        return new Ok("Logging out");
    }

    static Ok beginTls() {
        return new Ok("Begin TLS negotiation now");
    }

    static Ok stat(int messages, long octets) {
        return new Ok(messages + " " + octets); // RFC 1939 §5 STAT: "+OK nn mm"
    }

    static Ok scanListing(int number, long octets) {
        return new Ok(number + " " + octets);
    }

    static Ok listFollows(int messages, long octets) {
        return new Ok(messages + " messages (" + octets + " octets)");
    }

    static Ok uidl(int number, String uidl) {
        return new Ok(number + " " + uidl);
    }

    static Ok uidlFollows() {
        return new Ok("Unique-ID listing follows");
    }

    static Ok messageFollows(long octets) {
        return new Ok(octets + " octets");
    }

    static Ok topFollows() {
        return new Ok("Top of message follows");
    }

    static Ok markedDeleted(int number) {
        return new Ok("Message " + number + " deleted");
    }

    static Ok noop() {
        return new Ok("");
    }

    static Ok reset(int messages, long octets) {
        return new Ok("Maildrop has " + messages + " messages (" + octets + " octets)");
    }

    static Challenge challenge(String text) {
        return new Challenge(Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII)));
    }

    static Err authenticationFailed() {
        return err(RespCode.AUTH, "Authentication failed");
    }

    static Err plaintextDisallowed() {
        return err(RespCode.AUTH, "Plaintext authentication disallowed on non-secure connections; use STLS or port 995 first");
    }

    static Err inUse() {
        return err(RespCode.IN_USE, "Mailbox is locked by another session");
    }

    static Err temporaryFailure() {
        return err(RespCode.SYS_TEMP, "Temporary server failure, try again later");
    }

    static Err someDeletedNotRemoved() {
        return err(RespCode.SYS_TEMP, "Some deleted messages not removed"); // RFC 1939 §6 QUIT
    }

    static Err noUserGiven() {
        return err("No user name given; send USER first");
    }

    static Err authenticationCancelled() {
        return err("Authentication cancelled"); // RFC 5034 §4: "*" cancels
    }

    static Err invalidBase64() {
        return err("Invalid base64 data");
    }

    static Err unsupportedMechanism() {
        return err("Unsupported authentication mechanism; use PLAIN or LOGIN");
    }

    static Err unknownCommand() {
        return err("Unknown command");
    }

    static Err apopUnsupported() {
        return err("APOP is not supported; use USER/PASS or AUTH");
    }

    static Err syntax(String usage) {
        return err("Syntax: " + usage);
    }

    static Err wrongState() {
        return err("Command not valid in this state");
    }

    static Err noSuchMessage() {
        return err("No such message");
    }

    static Err alreadyDeleted() {
        return err("Message is deleted");
    }

    static Err messageGone() {
        return err("Message was removed by another session");
    }

    static Err lineTooLong() {
        return err("Command line too long");
    }

    static Err tooManyBadCommands() {
        return err("Too many bad commands, closing connection");
    }

    static Err autologout() {
        return err("Autologout; idle for too long");
    }

    static Err stlsUnavailable() {
        return err("STLS is not available here");
    }

    static Err tlsActive() {
        return err("TLS is already active");
    }

    static Err stlsPipelined() {
        return err("STLS must be the last command of a pipelined batch");
    }

    private static Err err(String text) {
        return new Err(Optional.empty(), text);
    }

    private static Err err(RespCode code, String text) {
        return new Err(Optional.of(code), text);
    }
}
