package io.sealpost.smtp.cli;

import jakarta.mail.MessagingException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The command line: {@code demo}, {@code check HOST[:PORT]} and {@code send}. {@link #run} does the work
 * and returns the exit status, so tests run commands in-process; {@link #main} only exits with it.
 *
 * <p>Exit status: {@value #OK} success, {@value #FAILED} the command ran and failed (or the check's verdict
 * is negative), {@value #USAGE} the command line was wrong (usage on standard error).
 */
public final class Main {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    static final String PROGRAM = "java -jar sealpost-smtp-cli.jar";

    private static final List<Command> COMMANDS = List.of(new DemoCommand(), new CheckCommand(), new SendCommand());

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err);
    }

    /** Runs one command; {@code in} is where {@code send} reads a message given as {@code -}. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(overview());
            return USAGE;
        }
        String first = args[0];
        if (first.equals("--help") || first.equals("-h") || first.equals("help")) {
            if (args.length > 1) {
                Command command = find(args[1]);
                if (command == null) {
                    err.println("Unknown command \"" + args[1] + "\".");
                    err.print(overview());
                    return USAGE;
                }
                out.print(command.help());
            } else {
                out.print(overview());
            }
            return OK;
        }
        if (first.equals("--version")) {
            String version = Main.class.getPackage().getImplementationVersion();
            out.println("Sealpost SMTP " + (version == null ? "(development build)" : version));
            return OK;
        }
        Command command = find(first);
        if (command == null) {
            err.println(first.startsWith("-") ? "Unknown option " + first + "." : "Unknown command \"" + first + "\".");
            err.print(overview());
            return USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(command.help());
            return OK;
        }
        try {
            return command.run(new CommandLine(rest), in, out, err);
        } catch (UsageException e) {
            err.println(command.name() + ": " + e.getMessage());
            err.println();
            err.println(synopsis(command));
            err.println();
            err.println("Run '" + PROGRAM + " " + command.name() + " --help' for its options and examples.");
            return USAGE;
        } catch (RuntimeException e) {
            // A bug, not a server's or a user's mistake: say so, with the trace a bug report needs.
            err.println("internal error in " + command.name() + ": " + e);
            e.printStackTrace(err);
            return FAILED;
        }
    }

    /** The help's first paragraph: the usage lines. */
    private static String synopsis(Command command) {
        String help = command.help();
        int end = help.indexOf("\n\n");
        return end < 0 ? help.strip() : help.substring(0, end);
    }

    private static Command find(String name) {
        return COMMANDS.stream().filter(command -> command.name().equals(name)).findFirst().orElse(null);
    }

    static String overview() {
        StringBuilder text = new StringBuilder()
                .append("Usage: ").append(PROGRAM).append(" COMMAND [options]\n\n")
                .append("Sealpost: Jakarta Mail SMTP with mandatory or opportunistic STARTTLS, on Conscrypt.\n\n")
                .append("Commands:\n");
        for (Command command : COMMANDS) {
            text.append("  ").append(Printer.pad(command.name(), 8)).append(command.summary()).append('\n');
        }
        return text.append("\nRun '").append(PROGRAM).append(" COMMAND --help' for a command's options and examples.\n")
                .append("\nExamples:\n")
                .append("  ").append(PROGRAM).append(" demo\n")
                .append("  ").append(PROGRAM).append(" check mx.example.com\n")
                .append("  ").append(PROGRAM).append(" send --server smtp.example.com:587 --from me@example.com "
                        + "--to you@example.net --subject Hi --body 'Hello'\n")
                .toString();
    }

    /** The failure, every chained failure, and the fix when one is known. */
    static void printFailure(PrintStream err, Throwable e, Endpoint endpoint) {
        err.println("error: " + describe(e));
        Throwable seen = e;
        Throwable next = e instanceof MessagingException messaging ? messaging.getNextException() : null;
        while (next != null && next != seen) {
            err.println("  because: " + describe(next));
            seen = next;
            next = next instanceof MessagingException messaging ? messaging.getNextException() : null;
        }
        String remedy = Remedy.of(e, endpoint);
        if (!remedy.isEmpty()) {
            err.println("fix: " + remedy);
        }
    }

    /** The exception's own message: Jakarta Mail appends every chained exception to it, we print those apart. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int nested = message.indexOf(";\n  nested exception is:");
        return nested >= 0 ? message.substring(0, nested) : message;
    }
}
