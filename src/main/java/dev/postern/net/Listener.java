package dev.postern.net;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bound {@code host:port}: accepts on a virtual thread and runs the handler for each
 * connection on a virtual thread of its own. Connections beyond the caps get the spec's refusal
 * bytes and are closed (over implicit TLS they are closed without a word: no handshake is spent on them).
 */
public final class Listener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Listener.class);
    private static final int BACKLOG = 256;
    private static final int REFUSAL_TIMEOUT_MILLIS = 5_000;
    private static final long WATCH_INTERVAL_MILLIS = 500;

    private final ListenerSpec spec;
    private final ConnectionCaps caps;
    private final ConnectionHandler handler;
    private final ServerSocket server;
    private final Set<SocketConnection> active = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger(); // accepted and not yet closed, refusals included
    private final Thread acceptor;
    private final Thread watchdog;
    private volatile boolean closed;

    private Listener(ListenerSpec spec, ConnectionCaps caps, ConnectionHandler handler, ServerSocket server) {
        this.spec = spec;
        this.caps = caps;
        this.handler = handler;
        this.server = server;
        this.acceptor = Thread.ofVirtual().name("accept-" + spec.name() + "-" + server.getLocalPort()).unstarted(this::acceptLoop);
        this.watchdog = Thread.ofVirtual().name("write-watch-" + spec.name() + "-" + server.getLocalPort())
                .unstarted(this::watchWrites);
    }

    /**
     * Binds and starts accepting.
     *
     * @throws PrivilegedPortException when a port below 1024 may not be bound by this process
     * @throws BindException when the address is in use or not local
     */
    public static Listener open(ListenerSpec spec, ConnectionCaps caps, ConnectionHandler handler) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        try {
            server.bind(spec.address(), BACKLOG);
        } catch (BindException e) {
            server.close();
            throw PrivilegedPortException.classify(spec.address(), e);
        }
        Listener listener = new Listener(spec, caps, handler, server);
        listener.acceptor.start();
        listener.watchdog.start();
        LOG.info("listening name={} address={}:{} tls={}", spec.name(),
                server.getInetAddress().getHostAddress(), server.getLocalPort(), describe(spec.tls()));
        return listener;
    }

    public String name() {
        return spec.name();
    }

    /** The bound port (the chosen one when the spec asked for port 0). */
    public int port() {
        return server.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    /** Connections accepted and not yet closed. */
    public int active() {
        return inFlight.get();
    }

    /** Stops accepting; connections in flight carry on. */
    @Override
    public void close() {
        closed = true;
        watchdog.interrupt();
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("closing listener {}: {}", spec.name(), e.toString());
        }
    }

    /** Waits until no connection is active; false if the timeout came first. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (inFlight.get() > 0) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = idle.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the sockets of connections still active; their sessions see the connection break. */
    void abortActive() {
        active.forEach(SocketConnection::abort);
    }

    /**
     * Java sockets have no write timeout: a client that never reads would hold its session (and
     * its slot under the caps) for ever. Twice a second, connections whose write has waited longer
     * than their read timeout are aborted; their session sees the socket close and ends.
     */
    private void watchWrites() {
        while (!closed) {
            try {
                Thread.sleep(WATCH_INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (SocketConnection connection : active) {
                if (connection.writeStalled(now)) {
                    LOG.info("write timeout listener={} peer={}: the client does not read", spec.name(),
                            connection.peer());
                    connection.abort();
                }
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("accept on {} failed: {}", spec.name(), e.toString());
                    pause(); // e.g. out of file descriptors: do not spin
                }
                continue;
            }
            inFlight.incrementAndGet(); // before the thread starts, so awaitIdle cannot miss it
            Thread.ofVirtual().name(spec.name() + "-" + sequence.incrementAndGet()).start(() -> serve(socket));
        }
    }

    private void serve(Socket socket) {
        InetAddress address = socket.getInetAddress();
        Peer peer = new Peer(address, socket.getPort(), socket.getLocalPort(), spec.name());
        if (!caps.admit(address)) {
            refuse(socket, peer);
            settled(null);
            return;
        }
        long started = System.nanoTime();
        SocketConnection connection = null;
        try {
            connection = new SocketConnection(socket, peer, starttls());
            active.add(connection);
            // The protocol sessions log "connect from" and "disconnect from" (docs/LOGGING.md).
            LOG.debug("open listener={} peer={}", spec.name(), peer);
            connection.readTimeout(spec.initialReadTimeout());
            run(connection);
        } catch (IOException | RuntimeException e) {
            LOG.info("connection listener={} peer={} failed: {}", spec.name(), peer, e.toString());
        } finally {
            finish(socket, connection, peer, started);
        }
    }

    private void run(SocketConnection connection) throws IOException {
        if (spec.tls() instanceof TlsMode.Implicit implicit) {
            connection.readTimeout(implicit.handshakeTimeout());
            connection.handshake(implicit.context()); // RFC 8314 §3.3: TLS before any protocol byte
            connection.readTimeout(spec.initialReadTimeout());
        }
        handler.handle(connection);
    }

    private void finish(Socket socket, SocketConnection connection, Peer peer, long started) {
        if (connection != null) {
            connection.close();
        } else {
            closeQuietly(socket);
        }
        caps.release(peer.address());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        LOG.debug("close listener={} peer={} duration={}ms", spec.name(), peer, millis);
        settled(connection);
    }

    private void settled(SocketConnection connection) {
        lock.lock();
        try {
            if (connection != null) {
                active.remove(connection);
            }
            inFlight.decrementAndGet();
            idle.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void refuse(Socket socket, Peer peer) {
        LOG.info("refused listener={} peer={}: too many connections", spec.name(), peer);
        try (socket) {
            if (spec.tls() instanceof TlsMode.Plain) {
                socket.setSoTimeout(REFUSAL_TIMEOUT_MILLIS);
                OutputStream out = socket.getOutputStream();
                out.write(spec.refusal());
                out.flush();
            }
        } catch (IOException e) {
            // the client left first; nothing to tell it
        }
    }

    private Optional<TlsContext> starttls() {
        return switch (spec.tls()) {
            case TlsMode.Plain plain -> plain.starttls();
            case TlsMode.Implicit implicit -> Optional.empty(); // already encrypted: no second upgrade
        };
    }

    private static String describe(TlsMode mode) {
        return switch (mode) {
            case TlsMode.Plain plain -> plain.starttls().isPresent() ? "starttls" : "none";
            case TlsMode.Implicit implicit -> "implicit";
        };
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
