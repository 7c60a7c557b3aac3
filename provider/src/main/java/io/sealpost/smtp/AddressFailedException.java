package io.sealpost.smtp;

import jakarta.mail.internet.InternetAddress;

/**
 * The server refused one recipient (or the sender); chained into a {@code SendFailedException}
 * like Angus Mail's {@code SMTPAddressFailedException}.
 */
public final class AddressFailedException extends SmtpReplyException {
    private static final long serialVersionUID = 1L;
    private final InternetAddress address;

    public AddressFailedException(InternetAddress address, String command, int replyCode, String serverReply) {
        super(command, replyCode, serverReply);
        this.address = address;
    }

    public InternetAddress address() {
        return address;
    }
}
