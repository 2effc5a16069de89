package dev.postern.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads a new password: one line from stdin, or twice from the terminal without echo. */
final class Passwords {
    private Passwords() {
    }

    /** One line (without its CR LF) from {@code in}; read byte by byte so nothing more is consumed. */
    static char[] fromStdin(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                line.write(b);
            }
        } catch (IOException e) {
            throw new UserError("cannot read the password from stdin: " + e.getMessage());
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, length));
        Arrays.fill(bytes, (byte) 0);
        char[] out = Arrays.copyOfRange(chars.array(), chars.position(), chars.limit());
        Arrays.fill(chars.array(), '\0');
        if (out.length == 0) {
            throw new UserError("no password on stdin (expected one line)");
        }
        return out;
    }

    static char[] fromTerminal(String address) {
        Console console = System.console();
        if (console == null || !console.isTerminal()) {
            throw new UserError("no terminal to ask for the password: use --password-stdin");
        }
        char[] first = console.readPassword("Password for %s: ", address);
        char[] second = console.readPassword("Again: ");
        if (first == null || second == null || first.length == 0) {
            throw new UserError("no password given");
        }
        boolean same = Arrays.equals(first, second);
        Arrays.fill(second, '\0');
        if (!same) {
            Arrays.fill(first, '\0');
            throw new UserError("the passwords differ");
        }
        return first;
    }
}
