package dev.postern.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.postern.net.TlsContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP listener ({@code http.listen}): client autoconfiguration, Autodiscover, Apple profiles,
 * {@code /metrics} and {@code /healthz}, on every configured address; HTTPS with the node's
 * certificate when a {@link TlsContext} is given. Each exchange runs on its own virtual thread.
 */
public final class HttpListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);
    /** Autodiscover requests are a few hundred bytes; anything much larger is not one. */
    private static final int MAX_BODY = 64 * 1024;

    static {
        // The JDK server reads these once; without them a client that sends half a request holds
        // its connection forever (slowloris). Seconds; a value set on the command line wins.
        setIfAbsent("sun.net.httpserver.maxReqTime", "30");
        setIfAbsent("sun.net.httpserver.maxRspTime", "60");
    }

    private final List<HttpServer> servers;
    private final ExecutorService executor;

    private HttpListener(List<HttpServer> servers, ExecutorService executor) {
        this.servers = servers;
        this.executor = executor;
    }

    /** What the site serves: the endpoints it advertises, which domains are hosted, the metrics text. */
    public record Site(ClientEndpoints endpoints, Predicate<String> hostedDomain, Supplier<String> metrics) {}

    /** Binds every address (port 0 = any free port) and starts serving; a failure closes what was opened. */
    public static HttpListener open(List<InetSocketAddress> addresses, Optional<TlsContext> tls, Site site)
            throws IOException {
        var routes = new Routes(site.endpoints(), site.hostedDomain(), site.metrics());
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        List<HttpServer> servers = new ArrayList<>();
        try {
            for (InetSocketAddress address : addresses) {
                HttpServer server = bind(address, tls);
                server.createContext("/", exchange -> serve(routes, exchange));
                server.setExecutor(executor);
                server.start();
                servers.add(server);
                LOG.info("http listening on {}:{}{}", address.getHostString(), server.getAddress().getPort(),
                        tls.isPresent() ? " (https)" : "");
            }
        } catch (IOException | RuntimeException e) {
            servers.forEach(s -> s.stop(0));
            executor.close();
            throw e;
        }
        return new HttpListener(List.copyOf(servers), executor);
    }

    /** A bind failure names the key and address, so the admin knows which line to change. */
    private static HttpServer bind(InetSocketAddress address, Optional<TlsContext> tls) throws IOException {
        try {
            return tls.isPresent() ? https(address, tls.get()) : HttpServer.create(address, 0);
        } catch (BindException e) {
            throw new BindException("http.listen " + address.getHostString() + ":" + address.getPort() + ": "
                    + e.getMessage() + (address.getPort() < 1024 ? " (a port below 1024 needs root or "
                    + "CAP_NET_BIND_SERVICE; dist/postern.service grants it)" : ""));
        }
    }

    private static HttpsServer https(InetSocketAddress address, TlsContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(address, 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()) {
            @Override
            public void configure(HttpsParameters params) {
                var parameters = tls.sslContext().getDefaultSSLParameters();
                parameters.setProtocols(tls.protocols().toArray(String[]::new));
                params.setSSLParameters(parameters);
            }
        });
        return server;
    }

    /** The bound ports, in configuration order. */
    public List<Integer> ports() {
        return servers.stream().map(s -> s.getAddress().getPort()).toList();
    }

    /** Stops accepting, gives exchanges in flight a second, then stops their threads. */
    @Override
    public void close() {
        servers.forEach(s -> s.stop(1));
        executor.shutdownNow();
    }

    private static void serve(Routes routes, HttpExchange exchange) throws IOException {
        try (exchange) {
            Response response;
            try {
                response = routes.answer(request(exchange));
            } catch (BodyTooLarge e) {
                response = Response.error(413, "request body over " + MAX_BODY + " bytes");
            } catch (IllegalArgumentException e) {
                response = Response.error(400, "bad request: " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("http {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
                response = Response.error(500, "internal error; the server log has the cause");
            }
            write(exchange, response);
        }
    }

    private static Request request(HttpExchange exchange) throws IOException {
        var uri = exchange.getRequestURI();
        String method = exchange.getRequestMethod();
        byte[] body = method.equals("POST") ? body(exchange.getRequestBody()) : new byte[0];
        return new Request(method, uri.getPath() == null ? "/" : uri.getPath(), uri.getRawQuery(), body);
    }

    private static byte[] body(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new BodyTooLarge();
        }
        return body;
    }

    private static void write(HttpExchange exchange, Response response) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", response.contentType());
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        response.headers().forEach(headers::set);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        // RFC 9110 §9.3.2: HEAD gets the headers of GET, no body; -1 tells the JDK there is none.
        exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    private static final class BodyTooLarge extends RuntimeException {
        BodyTooLarge() {
            super(null, null, false, false);
        }
    }
}
