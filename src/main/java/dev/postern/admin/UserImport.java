package dev.postern.admin;

import java.util.List;

/** What {@code postern user import} did: users added, users already there (kept), domains created. */
public record UserImport(List<String> imported, List<String> kept, List<String> createdDomains) {
    public UserImport {
        imported = List.copyOf(imported);
        kept = List.copyOf(kept);
        createdDomains = List.copyOf(createdDomains);
    }
}
