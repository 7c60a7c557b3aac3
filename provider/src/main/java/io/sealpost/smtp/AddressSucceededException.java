package io.sealpost.smtp;

import jakarta.mail.internet.InternetAddress;

/**
 * With {@code mail.<protocol>.reportsuccess=true}, one of these is chained for each accepted recipient,
 * like Angus Mail's {@code SMTPAddressSucceededException}.
 */
public final class AddressSucceededException extends AddressReplyException {
    private static final long serialVersionUID = 1L;

    public AddressSucceededException(InternetAddress address, String command, int replyCode, String serverReply) {
        super(address, command, replyCode, serverReply);
    }
}
