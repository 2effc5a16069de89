package dev.postern.admin;

import java.nio.file.Path;
import java.util.List;

/** What {@link Admin#init} created; empty when everything was already there. */
public record InitReport(List<Path> created) {
    public InitReport {
        created = List.copyOf(created);
    }
}
