package io.sealpost.smtp.cli;

/** The command line itself is wrong (unknown option, missing argument): usage on stderr, exit status 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
