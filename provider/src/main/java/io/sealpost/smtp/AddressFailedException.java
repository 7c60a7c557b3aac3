package io.sealpost.smtp;

import jakarta.mail.internet.InternetAddress;

/**
 * The server refused one recipient (or the sender); chained into a {@code SendFailedException}
 * like Angus Mail's {@code SMTPAddressFailedException}.
 */
public final class AddressFailedException extends AddressReplyException {
    private static final long serialVersionUID = 1L;

    public AddressFailedException(InternetAddress address, String command, int replyCode, String serverReply) {
        super(address, command, replyCode, serverReply);
    }
}
