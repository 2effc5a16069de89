package dev.postern.http;

import dev.postern.smtp.MailAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The site's table of contents: path to answer, as a pure function of the request. Settings are
 * given only for an address in a hosted domain; any other address is a 404, the same answer as for
 * an unknown path, so the listener tells nothing about domains it does not serve.
 */
final class Routes {
    static final String AUTOCONFIG = "/.well-known/autoconfig/mail/config-v1.1.xml";
    static final String AUTOCONFIG_LEGACY = "/mail/config-v1.1.xml";
    static final String AUTODISCOVER = "/autodiscover/autodiscover.xml";
    static final String APPLE = "/apple/";
    static final String MOBILECONFIG = ".mobileconfig";

    private final ClientEndpoints endpoints;
    private final Predicate<String> hostedDomain;
    private final Supplier<String> metrics;

    Routes(ClientEndpoints endpoints, Predicate<String> hostedDomain, Supplier<String> metrics) {
        this.endpoints = endpoints;
        this.hostedDomain = hostedDomain;
        this.metrics = metrics;
    }

    Response answer(Request request) {
        String path = request.path();
        if (path.equals(AUTOCONFIG) || path.equals(AUTOCONFIG_LEGACY)) {
            return request.isGet() ? autoconfig(request) : Response.methodNotAllowed("GET");
        }
        // Outlook asks for both spellings; IIS taught it paths are case-insensitive.
        if (path.toLowerCase(Locale.ROOT).equals(AUTODISCOVER)) {
            return request.method().equals("POST") ? autodiscover(request) : Response.methodNotAllowed("POST");
        }
        if (path.startsWith(APPLE)) {
            return request.isGet() ? apple(request) : Response.methodNotAllowed("GET");
        }
        return switch (path) {
            case "/healthz" -> request.isGet() ? Response.ok(Response.TEXT, "ok\n") : Response.methodNotAllowed("GET");
            // Prometheus text exposition format 0.0.4.
            case "/metrics" -> request.isGet() ? Response.ok("text/plain; version=0.0.4; charset=utf-8", metrics.get())
                    : Response.methodNotAllowed("GET");
            default -> Response.error(404, "not found");
        };
    }

    private Response autoconfig(Request request) {
        Optional<String> text = request.parameter("emailaddress");
        if (text.isEmpty()) {
            return Response.error(400, "emailaddress= is required, e.g. " + AUTOCONFIG + "?emailaddress=you@example.com");
        }
        return hosted(text.get())
                .map(a -> Response.ok(Response.XML, Autoconfig.document(a.domain(), endpoints)))
                .orElseGet(Routes::notHosted);
    }

    private Response autodiscover(Request request) {
        var asked = Autodiscover.parse(request.body());
        if (asked.isEmpty()) {
            return Response.error(400, "expected an Autodiscover 2006 request with <EMailAddress>");
        }
        if (!asked.get().outlookSchema()) {
            return Response.error(404, "only the response schema " + Autodiscover.OUTLOOK_NS + " is served");
        }
        return hosted(asked.get().address())
                .map(a -> Response.ok(Response.XML, Autodiscover.response(a.toString(), endpoints)))
                .orElseGet(Routes::notHosted);
    }

    /** {@code /apple/you@example.com.mobileconfig}, or {@code /apple/?emailaddress=you@example.com}. */
    private Response apple(Request request) {
        String rest = request.path().substring(APPLE.length());
        Optional<String> text = rest.endsWith(MOBILECONFIG)
                ? Optional.of(rest.substring(0, rest.length() - MOBILECONFIG.length()))
                : request.parameter("emailaddress");
        if (text.isEmpty()) {
            return Response.error(404, "use " + APPLE + "you@example.com" + MOBILECONFIG);
        }
        if (endpoints.pop3().isEmpty() || endpoints.smtp().isEmpty()) {
            return Response.error(404, "a mail profile needs both a POP3 and an SMTP submission listener");
        }
        return hosted(text.get())
                .map(a -> Response.ok(AppleProfile.CONTENT_TYPE, AppleProfile.document(a, endpoints)))
                .orElseGet(Routes::notHosted);
    }

    private Optional<MailAddress> hosted(String text) {
        return RequestedAddress.parse(text).filter(a -> hostedDomain.test(a.domain()));
    }

    private static Response notHosted() {
        return Response.error(404, "no settings for that address: its domain is not hosted here");
    }
}
