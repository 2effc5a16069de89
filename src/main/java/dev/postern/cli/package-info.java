/**
 * The {@code postern} command line (picocli), a thin shell over {@link dev.postern.admin.Admin}.
 *
 * <p>Entry point: {@link dev.postern.cli.PosternCommand#commandLine()}. Invariants: every command
 * takes {@code --config FILE}; exit code 0 done, 1 usage or validation error (one line on stderr,
 * no stack trace), 2 runtime failure; passwords come from a no-echo prompt or
 * {@code --password-stdin}, never from an argument (arguments show in {@code ps}).
 */
package dev.postern.cli;
