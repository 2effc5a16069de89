package dev.postern.pop3;

import java.util.Optional;

/** One POP3 status line: {@code +OK}, {@code -ERR} with an optional RFC 2449 response code, or a SASL challenge. */
sealed interface Pop3Reply {

    String wire();

    record Ok(String text) implements Pop3Reply {
        @Override
        public String wire() {
            return text.isEmpty() ? "+OK" : "+OK " + text;
        }
    }

    record Err(Optional<RespCode> code, String text) implements Pop3Reply {
        @Override
        public String wire() {
            return "-ERR " + code.map(c -> "[" + c.wire() + "] ").orElse("") + text;
        }
    }

    /** RFC 5034 §4: a server challenge, {@code "+ " base64}. */
    record Challenge(String base64) implements Pop3Reply {
        @Override
        public String wire() {
            return "+ " + base64;
        }
    }

    /** RFC 2449 §8 and RFC 3206 response codes. */
    enum RespCode {
        IN_USE("IN-USE"), LOGIN_DELAY("LOGIN-DELAY"), AUTH("AUTH"), SYS_TEMP("SYS/TEMP"), SYS_PERM("SYS/PERM");

        private final String wire;

        RespCode(String wire) {
            this.wire = wire;
        }

        String wire() {
            return wire;
        }
    }
}
