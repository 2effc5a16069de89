/**
 * Settings: one file of {@code key = value} lines read into a tree of records.
 *
 * <p>Entry points: {@link dev.postern.config.SettingsLoader#load} gives a validated
 * {@link dev.postern.config.Settings}; {@link dev.postern.config.Key} is the table of every key with
 * its default and documentation (it also drives {@code postern config} and {@code docs/CONFIG.md});
 * {@link dev.postern.config.PemKeyMaterial} reads the TLS certificate chain and key.
 *
 * <p>Invariants: an unknown key is an error naming the key and file:line, never ignored; a bad
 * value is an error naming the key and why; a missing file means all defaults; listen addresses
 * and networks are literals (no DNS lookup while reading settings).
 */
package dev.postern.config;
