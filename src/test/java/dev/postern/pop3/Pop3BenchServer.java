package dev.postern.pop3;

import dev.postern.mailbox.Maildrops;
import dev.postern.pop3.Pop3Settings.PlaintextLogin;
import dev.postern.pop3.Pop3Settings.Stls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;

/**
 * A POP3 server for {@code bench/pop3-retrieve.sh} until {@code Main} serves POP3: the real
 * {@link Pop3Session} and Maildir code behind the test-only accept loop and connection.
 * Usage: {@code Pop3BenchServer DATA_DIR PORT PASSWORD}; any user with that password may log in.
 */
public final class Pop3BenchServer {

    private Pop3BenchServer() {}

    public static void main(String[] args) throws IOException {
        var maildrops = new MaildirMaildrops(new Maildrops(Path.of(args[0]), Clock.systemUTC()));
        char[] password = args[2].toCharArray();
        Authenticator authenticator = (user, given) -> Arrays.equals(given, password) ? Optional.of(user) : Optional.empty();
        var settings = Pop3Settings.defaults("bench.localhost", Stls.NOT_OFFERED, PlaintextLogin.ALLOWED);
        try (var server = new ServerSocket(Integer.parseInt(args[1]), 50, InetAddress.getByName("127.0.0.1"))) {
            while (true) {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> {
                    try {
                        socket.setTcpNoDelay(true);
                        new Pop3Session(new LoopbackConnection(socket, Optional.empty()), settings, authenticator,
                                maildrops, LoginListener.NONE).run();
                    } catch (IOException e) {
                        System.err.println("bench session failed: " + e);
                    }
                });
            }
        }
    }
}
