package io.sealpost.smtp;

import jakarta.mail.internet.InternetAddress;

/** The server's reply to the command that named one address (MAIL FROM or RCPT TO). */
public abstract class AddressReplyException extends SmtpReplyException {
    private static final long serialVersionUID = 1L;
    private final InternetAddress address;

    protected AddressReplyException(InternetAddress address, String command, int replyCode, String serverReply) {
        super(command, replyCode, serverReply);
        this.address = address;
    }

    public InternetAddress address() {
        return address;
    }
}
