package io.sealpost.smtp.testserver;

import java.io.IOException;

/**
 * What the test server does when a command arrives, in place of its well-behaved default. Call
 * {@link ServerSession#proceed()} to fall back to the default for this command.
 */
@FunctionalInterface
public interface CommandHandler {
    void handle(ServerSession session, Command command) throws IOException;
}
