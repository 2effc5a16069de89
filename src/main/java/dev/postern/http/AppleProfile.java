package dev.postern.http;

import dev.postern.http.ClientEndpoints.Endpoint;
import dev.postern.smtp.MailAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * An Apple configuration profile ({@code .mobileconfig}, a property list) with one
 * {@code com.apple.mail.managed} payload: a POP account for iPhone, iPad and macOS Mail. The
 * profile is unsigned, so the device shows it as "Not Verified"; it carries no password (Mail asks
 * for it once). {@code UseSSL} is true for both servers: Mail starts TLS with STLS/STARTTLS on
 * the plain ports and from the first byte on 995/465. UUIDs are derived from the address, so installing it again replaces the account.
 */
final class AppleProfile {
    static final String CONTENT_TYPE = "application/x-apple-aspen-config";

    private AppleProfile() {
    }

    /** Both a POP3 and an SMTP endpoint must exist: a mail payload needs an incoming and an outgoing server. */
    static String document(MailAddress address, ClientEndpoints endpoints) {
        Endpoint in = endpoints.pop3().getFirst();
        Endpoint out = endpoints.smtp().getFirst();
        String user = Xml.escape(address.toString());
        String host = Xml.escape(endpoints.hostname());
        String id = Xml.escape(reversed(endpoints.hostname()) + ".mail." + address.canonical());
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                  <key>PayloadContent</key>
                  <array>
                    <dict>
                      <key>EmailAccountDescription</key><string>%1$s</string>
                      <key>EmailAccountType</key><string>EmailTypePOP</string>
                      <key>EmailAddress</key><string>%1$s</string>
                      <key>IncomingMailServerAuthentication</key><string>EmailAuthPassword</string>
                      <key>IncomingMailServerHostName</key><string>%2$s</string>
                      <key>IncomingMailServerPortNumber</key><integer>%3$d</integer>
                      <key>IncomingMailServerUseSSL</key><true/>
                      <key>IncomingMailServerUsername</key><string>%1$s</string>
                      <key>OutgoingMailServerAuthentication</key><string>EmailAuthPassword</string>
                      <key>OutgoingMailServerHostName</key><string>%2$s</string>
                      <key>OutgoingMailServerPortNumber</key><integer>%4$d</integer>
                      <key>OutgoingMailServerUseSSL</key><true/>
                      <key>OutgoingMailServerUsername</key><string>%1$s</string>
                      <key>OutgoingPasswordSameAsIncomingPassword</key><true/>
                      <key>PayloadDisplayName</key><string>%1$s</string>
                      <key>PayloadIdentifier</key><string>%5$s.account</string>
                      <key>PayloadType</key><string>com.apple.mail.managed</string>
                      <key>PayloadUUID</key><string>%6$s</string>
                      <key>PayloadVersion</key><integer>1</integer>
                    </dict>
                  </array>
                  <key>PayloadDisplayName</key><string>Mail: %1$s</string>
                  <key>PayloadIdentifier</key><string>%5$s</string>
                  <key>PayloadRemovalDisallowed</key><false/>
                  <key>PayloadType</key><string>Configuration</string>
                  <key>PayloadUUID</key><string>%7$s</string>
                  <key>PayloadVersion</key><integer>1</integer>
                </dict>
                </plist>
                """.formatted(user, host, in.port(), out.port(), id, uuid("account:" + address.canonical()), uuid("profile:" + address.canonical()));
    }

    private static String uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString().toUpperCase();
    }

    private static String reversed(String hostname) {
        String[] labels = hostname.split("\\.");
        StringBuilder out = new StringBuilder();
        for (int i = labels.length - 1; i >= 0; i--) {
            out.append(labels[i]).append(i > 0 ? "." : "");
        }
        return out.toString();
    }
}
