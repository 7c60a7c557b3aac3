package io.sealpost.smtp;

import jakarta.mail.MessagingException;

/** The server answered a command with an unexpected reply (for example 530 to MAIL FROM). */
public class SmtpReplyException extends MessagingException {
    private static final long serialVersionUID = 1L;
    private final String command;
    private final int replyCode;
    private final String serverReply;

    public SmtpReplyException(String command, int replyCode, String serverReply) {
        super(command + " was answered " + serverReply);
        this.command = command;
        this.replyCode = replyCode;
        this.serverReply = serverReply;
    }

    /** The command as sent, with AUTH payloads redacted. */
    public String command() {
        return command;
    }

    public int replyCode() {
        return replyCode;
    }

    public String serverReply() {
        return serverReply;
    }
}
