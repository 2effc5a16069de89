package dev.postern.accounts;

/** Whether removing a domain may also remove its users and aliases. */
public enum DomainRemoval {
    /** Refuse when the domain still has users or aliases. */
    ONLY_IF_EMPTY,
    /** Remove the domain's users and aliases too (their mail on disk is left alone). */
    FORCE
}
