package dev.postern.delivery;

import dev.postern.queue.Deliverer;
import dev.postern.queue.Outcome;
import dev.postern.queue.QueueEntry;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import dev.postern.smtp.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits an entry's recipients between local delivery (hosted domains) and remote delivery, and
 * puts their outcomes back in the recipients' order. Remote delivery is not written yet: remote
 * recipients are deferred, so they wait in the queue.
 */
public final class Router implements Deliverer {

    private static final Logger log = LoggerFactory.getLogger(Router.class);
    static final Reply REMOTE_NOT_ENABLED =
            Reply.of(451, Status.NETWORK_OTHER, "remote delivery not enabled yet");

    private final Predicate<String> hostedDomain;
    private final Deliverer local;

    /** {@code hostedDomain} answers for a lower-case domain, e.g. {@code Directory::hosts}. */
    public Router(Predicate<String> hostedDomain, Deliverer local) {
        this.hostedDomain = hostedDomain;
        this.local = local;
    }

    @Override
    public List<Outcome> deliver(QueueEntry entry, List<Recipient> recipients, Content content) {
        var outcomes = new Outcome[recipients.size()];
        var localIndexes = new ArrayList<Integer>();
        for (int i = 0; i < recipients.size(); i++) {
            Recipient rcpt = recipients.get(i);
            if (hostedDomain.test(rcpt.address().domain())) {
                localIndexes.add(i);
            } else {
                log.info("{}: to=<{}> relay=none status=deferred ({})", entry.id(), rcpt.address(),
                        REMOTE_NOT_ENABLED.text());
                outcomes[i] = new Outcome.Deferred(REMOTE_NOT_ENABLED);
            }
        }
        if (!localIndexes.isEmpty()) {
            var localOutcomes = local.deliver(entry, localIndexes.stream().map(recipients::get).toList(), content);
            for (int k = 0; k < localIndexes.size(); k++) {
                outcomes[localIndexes.get(k)] = localOutcomes.get(k);
            }
        }
        return Arrays.asList(outcomes);
    }
}
