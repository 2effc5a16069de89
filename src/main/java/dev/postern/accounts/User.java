package dev.postern.accounts;

import java.time.Instant;

/** A mailbox: its canonical address, its domain and when it was created. */
public record User(String address, String domain, Instant created) {}
