package dev.postern.cli;

import dev.postern.accounts.AccountException;
import dev.postern.config.SettingsException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code postern} command line. Exit codes: 0 done; 1 a usage or validation error, told in one
 * line on stderr; 2 a runtime failure (database, disk), told in one line and logged in full.
 */
@Command(name = "postern", mixinStandardHelpOptions = true, versionProvider = PosternCommand.Version.class,
        description = "A mail server for web hosts. Every command takes --config FILE.")
public final class PosternCommand implements Callable<Integer> {
    static final int USER_ERROR = 1;
    static final int FAILURE = 2;
    private static final Logger LOG = LoggerFactory.getLogger(PosternCommand.class);

    /** The commands, in the order {@code postern --help} lists them. */
    private static final List<Class<?>> COMMANDS = List.of(SetupCommands.Init.class, SetupCommands.Serve.class,
            SetupCommands.Config.class, DomainCommands.class, UserCommands.class, AliasCommands.class,
            GrantCommands.class, AuthCommands.class, LimitsCommands.class, QueueCommands.class, CheckCommand.class,
            ExplainCommand.class, DkimCommands.class, CommandLine.HelpCommand.class);

    private final InputStream stdin;

    @Spec
    CommandSpec spec;

    public PosternCommand() {
        this(System.in);
    }

    /** {@code stdin} is where {@code --password-stdin} reads from. */
    public PosternCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    /** The command line with Postern's exit codes and error messages; run it with {@code execute(args)}. */
    public static CommandLine commandLine() {
        return commandLine(new PosternCommand());
    }

    public static CommandLine commandLine(PosternCommand command) {
        return commandLine(command, COMMANDS);
    }

    /**
     * The command line for one run with {@code args}: only the command they name is built, since
     * picocli reflects over every command's class as it builds one (a fifth of a second of
     * {@code postern serve}'s start-up). Arguments that name no command (help, an option, a typo
     * to suggest a fix for) get every command, as {@link #commandLine()} does.
     */
    public static CommandLine commandLine(PosternCommand command, String[] args) {
        String first = args.length == 0 ? "" : args[0];
        List<Class<?>> named = COMMANDS.stream()
                .filter(c -> c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(first))
                .toList();
        return commandLine(command, named.isEmpty() ? COMMANDS : named);
    }

    private static CommandLine commandLine(PosternCommand command, List<Class<?>> commands) {
        CommandLine line = new CommandLine(command);
        commands.forEach(line::addSubcommand);
        line.setParameterExceptionHandler(PosternCommand::usageError);
        line.setExecutionExceptionHandler(PosternCommand::failure);
        return line;
    }

    @Override
    public Integer call() {
        return missingSubcommand(spec);
    }

    InputStream stdin() {
        return stdin;
    }

    static PosternCommand of(CommandSpec spec) {
        return (PosternCommand) spec.root().userObject();
    }

    static int missingSubcommand(CommandSpec spec) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("postern: missing command");
        spec.commandLine().usage(err);
        return USER_ERROR;
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine line = e.getCommandLine();
        PrintWriter err = line.getErr();
        err.println("postern: " + e.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Try '" + line.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        return USER_ERROR;
    }

    private static int failure(Exception e, CommandLine line, CommandLine.ParseResult parsed) {
        PrintWriter err = line.getErr();
        if (e instanceof SettingsException || e instanceof AccountException || e instanceof UserError) {
            err.println("postern: " + e.getMessage());
            return USER_ERROR;
        }
        LOG.debug("command failed", e);
        err.println("postern: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        return FAILURE;
    }

    /** The version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PosternCommand.class.getPackage().getImplementationVersion();
            return new String[] {"postern " + (v == null ? "development build" : v)};
        }
    }
}
