package io.sealpost.smtp.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Properties;

/**
 * The arguments of one command, read left to right. Options take their value as {@code --name value}
 * or {@code --name=value}. Session properties come from {@code --config file.properties} and
 * {@code -Pkey=value} (or {@code -P key=value}) in the order given, a later one overriding an earlier
 * one, so {@code --config base.properties -Pmail.smtp.port=2525} works as expected.
 */
final class CommandLine {
    private final Deque<String> remaining;
    private final Properties sessionProperties = new Properties();

    CommandLine(List<String> args) {
        this.remaining = new ArrayDeque<>(args);
    }

    boolean hasNext() {
        return !remaining.isEmpty();
    }

    String next() {
        return remaining.removeFirst();
    }

    /** The option's name without an {@code =value} part: {@code --to=a@b} gives {@code --to}. */
    static String name(String arg) {
        int equals = arg.indexOf('=');
        return arg.startsWith("--") && equals > 0 ? arg.substring(0, equals) : arg;
    }

    /** The value of an option that takes one: after its {@code =}, else the next argument. */
    String value(String arg) throws UsageException {
        int equals = arg.indexOf('=');
        if (arg.startsWith("--") && equals > 0) {
            return arg.substring(equals + 1);
        }
        if (remaining.isEmpty()) {
            throw new UsageException(arg + " needs a value");
        }
        return remaining.removeFirst();
    }

    /** Checks that a flag was not given a value ({@code --json=yes}). */
    static void flag(String arg) throws UsageException {
        if (!name(arg).equals(arg)) {
            throw new UsageException(name(arg) + " takes no value");
        }
    }

    /**
     * Takes {@code -P…} and {@code --config …}: true when {@code arg} was one of them.
     */
    boolean sessionOption(String arg) throws UsageException {
        if (arg.startsWith("-P")) {
            String assignment = arg.length() > 2 ? arg.substring(2) : value(arg);
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw new UsageException("-P needs key=value, for example -Pmail.smtp.tls.policy=mandatory; got \""
                        + assignment + "\"");
            }
            sessionProperties.setProperty(assignment.substring(0, equals).trim(), assignment.substring(equals + 1));
            return true;
        }
        if (name(arg).equals("--config")) {
            Path file = Path.of(value(arg));
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                sessionProperties.load(reader);
            } catch (NoSuchFileException e) {
                throw new UsageException("--config " + file + ": no such file");
            } catch (IOException | IllegalArgumentException e) {
                throw new UsageException("--config " + file + ": cannot read it: " + e.getMessage());
            }
            return true;
        }
        return false;
    }

    /** A copy of the Session properties given so far. */
    Properties sessionProperties() {
        Properties copy = new Properties();
        copy.putAll(sessionProperties);
        return copy;
    }

    static UsageException unknown(String arg) {
        return new UsageException(arg.startsWith("-") ? "unknown option " + name(arg) : "unexpected argument \"" + arg + "\"");
    }
}
