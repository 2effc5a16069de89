/**
 * The HTTP listener ({@code http.listen}, off by default) that lets mail clients configure
 * themselves, plus {@code /metrics} (Prometheus text format) and {@code /healthz} for load balancers.
 *
 * <p>Entry point: {@link dev.postern.http.HttpListener#open}, given a
 * {@link dev.postern.http.HttpListener.Site}: the {@link dev.postern.http.ClientEndpoints} to
 * advertise (built from the configured listeners and {@code hostname}), which domains are hosted,
 * and the metrics text. {@code Routes} is the table of contents, a pure function from request to
 * response: Thunderbird autoconfig ({@code /.well-known/autoconfig/mail/config-v1.1.xml},
 * {@code /mail/config-v1.1.xml}), Outlook Autodiscover (POX, {@code POST /autodiscover/autodiscover.xml}
 * in either case; [MS-OXDSCLI]), Apple profiles ({@code /apple/ADDRESS.mobileconfig}, unsigned).
 *
 * <p>Why the JDK's {@code com.sun.net.httpserver}: the site is five small read-only documents;
 * the JDK server (HTTP/1.1, HTTPS through our own {@code SSLContext}) with a virtual-thread
 * executor covers it, and a framework would bring more code than the site has. Its slowloris
 * guard ({@code sun.net.httpserver.maxReqTime}) is switched on here.
 *
 * <p>Invariants: settings are only given for an address whose domain is hosted (anything else is
 * the same 404 as an unknown path); no account's existence is revealed (the domain is checked, not
 * the user); every value written into XML passes {@code Xml.escape}; request XML is parsed with DTDs
 * and external entities off. Ports advertised are the configured ones (a configured 0 becomes the
 * bound port), implicit TLS before STARTTLS (RFC 8314 §3.3); port 25 is never advertised to clients.
 */
package dev.postern.http;
