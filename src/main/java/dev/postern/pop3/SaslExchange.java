package dev.postern.pop3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/** The AUTH exchange (RFC 5034) for the PLAIN (RFC 4616) and LOGIN mechanisms. */
final class SaslExchange {

    /** Where client responses come from. */
    @FunctionalInterface
    interface Responses {
        ClientLine next() throws IOException;
    }

    sealed interface Outcome {
        record Credentials(String user, char[] password) implements Outcome {}

        record Refused(Pop3Reply reply) implements Outcome {}

        record Hangup() implements Outcome {}
    }

    private sealed interface Answer {
        record Data(byte[] bytes) implements Answer {}

        record Stop(Outcome outcome) implements Answer {}
    }

    private final Pop3Writer writer;
    private final Responses responses;

    SaslExchange(Pop3Writer writer, Responses responses) {
        this.writer = writer;
        this.responses = responses;
    }

    Outcome plain(Optional<String> initialResponse) throws IOException {
        return switch (answer(initialResponse, "")) {
            case Answer.Stop stop -> stop.outcome();
            case Answer.Data data -> plainCredentials(data.bytes());
        };
    }

    Outcome login(Optional<String> initialResponse) throws IOException {
        return switch (answer(initialResponse, "Username:")) {
            case Answer.Stop stop -> stop.outcome();
            case Answer.Data user -> switch (answer(Optional.empty(), "Password:")) {
                case Answer.Stop stop -> stop.outcome();
                case Answer.Data password -> credentials(
                        new String(user.bytes(), StandardCharsets.UTF_8), password.bytes());
            };
        };
    }

    /** RFC 4616 §2: {@code [authzid] NUL authcid NUL passwd}; we only act as ourselves. */
    private static Outcome plainCredentials(byte[] message) {
        int first = indexOf(message, 0);
        int second = first < 0 ? -1 : indexOf(message, first + 1);
        if (second < 0) {
            Arrays.fill(message, (byte) 0);
            return new Outcome.Refused(Pop3Replies.authenticationFailed());
        }
        String authzid = new String(message, 0, first, StandardCharsets.UTF_8);
        String authcid = new String(message, first + 1, second - first - 1, StandardCharsets.UTF_8);
        byte[] password = Arrays.copyOfRange(message, second + 1, message.length);
        Arrays.fill(message, (byte) 0);
        if (!authzid.isEmpty() && !authzid.equals(authcid)) {
            Arrays.fill(password, (byte) 0);
            return new Outcome.Refused(Pop3Replies.authenticationFailed());
        }
        return credentials(authcid, password);
    }

    private static Outcome credentials(String user, byte[] password) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(password));
            char[] result = Arrays.copyOf(chars.array(), chars.limit());
            Arrays.fill(chars.array(), '\0');
            return new Outcome.Credentials(user, result);
        } catch (CharacterCodingException e) {
            return new Outcome.Refused(Pop3Replies.authenticationFailed());
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    private Answer answer(Optional<String> initialResponse, String prompt) throws IOException {
        String line;
        if (initialResponse.isPresent()) {
            // RFC 5034 §4: "=" is an empty initial response
            line = initialResponse.get().equals("=") ? "" : initialResponse.get();
        } else {
            writer.reply(Pop3Replies.challenge(prompt));
            writer.flush();
            switch (responses.next()) {
                case ClientLine.Gone gone -> {
                    return new Answer.Stop(new Outcome.Hangup());
                }
                case ClientLine.TooLong tooLong -> {
                    return new Answer.Stop(new Outcome.Refused(Pop3Replies.lineTooLong()));
                }
                case ClientLine.Text(String text) -> line = text;
            }
        }
        if (line.equals("*")) {
            return new Answer.Stop(new Outcome.Refused(Pop3Replies.authenticationCancelled()));
        }
        try {
            return new Answer.Data(Base64.getDecoder().decode(line));
        } catch (IllegalArgumentException e) {
            return new Answer.Stop(new Outcome.Refused(Pop3Replies.invalidBase64()));
        }
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
