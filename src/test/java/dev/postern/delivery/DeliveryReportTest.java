package dev.postern.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.queue.QueueEntry;
import dev.postern.queue.QueueId;
import dev.postern.smtp.MailAddress;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.ReversePath;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which domain an entry's sending counts under, from what intake recorded of its client. */
class DeliveryReportTest {

    @ParameterizedTest(name = "client \"{0}\", sender {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "client.test [192.0.2.1] user=alice@Customer.TEST | news@other.test | customer.test",
        "client.test [192.0.2.1]                          | news@other.test | other.test",
        "client.test [IPv6:2001:db8::1] user=bob@c.test   | news@other.test | c.test",
        // a user name without a domain: the envelope decides
        "client.test [192.0.2.1] user=alice               | news@other.test | other.test",
        // a HELO that pretends to be an authenticated user does not count: the address literal follows it
        "x] user=victim@bank.test [192.0.2.1]             | news@other.test | other.test",
        "x [10.0.0.1] user=victim@bank.test [192.0.2.1]   | news@other.test | other.test",
        "client.test [192.0.2.1] user=alice@customer.test | <>              | ''",
    })
    void senderDomain(String client, String sender, String expected) {
        ReversePath path = sender.equals("<>") ? ReversePath.NULL : new ReversePath.Sender(MailAddress.parse(sender));
        var entry = new QueueEntry(new QueueId("0123456789ABC"), Instant.EPOCH, path,
                List.of(Recipient.of(MailAddress.parse("to@remote.test"))), MailParameters.NONE, client.strip(), 1);
        assertThat(DeliveryReport.senderDomainOf(entry))
                .isEqualTo(expected.isEmpty() ? Optional.empty() : Optional.of(expected));
    }
}
