package dev.postern.accounts;

import dev.postern.smtp.MailAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expands one address into final destinations, on one connection: a user is final; an alias
 * expands to its targets; a hosted address with neither falls to the domain's catch-all; a remote
 * target is final. Depth is bounded, loops are cut, results de-duplicated in first-seen order.
 */
final class Expansion {
    static final int MAX_DEPTH = 10;
    private static final Logger LOG = LoggerFactory.getLogger(Expansion.class);

    private final Connection c;
    private final Set<String> seen = new LinkedHashSet<>();
    private final Set<String> found = new LinkedHashSet<>();

    Expansion(Connection c) {
        this.c = c;
    }

    /** Final destinations (canonical), empty when nothing matches. */
    List<MailAddress> expand(String canonical) throws SQLException {
        visit(canonical, 0);
        return found.stream().map(MailAddress::parse).toList();
    }

    private void visit(String address, int depth) throws SQLException {
        if (!seen.add(address)) {
            return; // a loop, or a target reached twice: cut here
        }
        String domain = Names.domainOf(address);
        if (!hosted(domain)) {
            found.add(address);
            return;
        }
        if (Queries.exists(c, "SELECT 1 FROM users WHERE address = ?", address)) {
            found.add(address);
            return;
        }
        List<String> targets = targets(address);
        if (targets.isEmpty()) {
            targets = targets("@" + domain);
        }
        if (targets.isEmpty()) {
            if (depth > 0) {
                LOG.warn("alias target {} matches no user, alias or catch-all: dropped", address);
            }
            return;
        }
        if (depth >= MAX_DEPTH) {
            LOG.warn("alias expansion of {} deeper than {}: cut", address, MAX_DEPTH);
            return;
        }
        for (String target : targets) {
            visit(target, depth + 1);
        }
    }

    private boolean hosted(String domain) throws SQLException {
        return Queries.exists(c, "SELECT 1 FROM domains WHERE name = ?", domain);
    }

    private List<String> targets(String source) throws SQLException {
        return Queries.list(c, "SELECT target FROM aliases WHERE source = ? ORDER BY created, target",
                r -> r.getString(1), source);
    }
}
