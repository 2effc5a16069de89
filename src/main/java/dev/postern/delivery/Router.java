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

/**
 * Splits an entry's recipients between local delivery (hosted domains) and remote delivery, and
 * puts their outcomes back in the recipients' order. Without a remote deliverer, remote recipients
 * are deferred, so they wait in the queue.
 */
public final class Router implements Deliverer {

    static final Reply REMOTE_NOT_ENABLED =
            Reply.of(451, Status.NETWORK_OTHER, "remote delivery not enabled yet");

    private final Predicate<String> hostedDomain;
    private final Deliverer local;
    private final Deliverer remote;

    /** Local only: remote recipients are deferred ("remote delivery not enabled yet"). */
    public Router(Predicate<String> hostedDomain, Deliverer local) {
        this(hostedDomain, local, (entry, recipients, content) -> recipients.stream()
                .map(r -> (Outcome) new Outcome.Deferred(REMOTE_NOT_ENABLED)).toList());
    }

    /** {@code hostedDomain} answers for a lower-case domain, e.g. {@code Directory::hosts}; hosted domains are always local. */
    public Router(Predicate<String> hostedDomain, Deliverer local, Deliverer remote) {
        this.hostedDomain = hostedDomain;
        this.local = local;
        this.remote = remote;
    }

    @Override
    public List<Outcome> deliver(QueueEntry entry, List<Recipient> recipients, Content content) {
        var outcomes = new Outcome[recipients.size()];
        var localIndexes = new ArrayList<Integer>();
        var remoteIndexes = new ArrayList<Integer>();
        for (int i = 0; i < recipients.size(); i++) {
            (hostedDomain.test(recipients.get(i).address().domain()) ? localIndexes : remoteIndexes).add(i);
        }
        dispatch(local, entry, recipients, localIndexes, content, outcomes);
        dispatch(remote, entry, recipients, remoteIndexes, content, outcomes);
        return Arrays.asList(outcomes);
    }

    private static void dispatch(Deliverer deliverer, QueueEntry entry, List<Recipient> recipients,
                                 List<Integer> indexes, Content content, Outcome[] outcomes) {
        if (indexes.isEmpty()) {
            return;
        }
        var some = deliverer.deliver(entry, indexes.stream().map(recipients::get).toList(), content);
        for (int k = 0; k < indexes.size(); k++) {
            outcomes[indexes.get(k)] = some.get(k);
        }
    }
}
