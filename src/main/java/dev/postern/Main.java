package dev.postern;

import dev.postern.cli.PosternCommand;

/** The process entry point: the {@code postern} command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(PosternCommand.commandLine(new PosternCommand(), args).execute(args));
    }
}
