package io.sealpost.smtp.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** One subcommand: its help text and its run, which returns the exit status. */
interface Command {
    String name();

    /** One line for the overview. */
    String summary();

    /** The full help: usage, options, examples. */
    String help();

    /**
     * @param args the arguments after the command's name
     * @return {@link Main#OK} or {@link Main#FAILED}
     * @throws UsageException when the arguments are wrong (exit status {@link Main#USAGE})
     */
    int run(CommandLine args, InputStream in, PrintStream out, PrintStream err) throws UsageException;
}
