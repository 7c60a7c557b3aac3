package io.sealpost.smtp.auth;

import io.sealpost.smtp.config.Secret;
import io.sealpost.smtp.protocol.Reply;
import io.sealpost.smtp.protocol.SmtpConnection;
import jakarta.mail.MessagingException;

/**
 * XOAUTH2 (Google's and Microsoft's OAuth 2.0 bearer mechanism): the password is the access token.
 * A command line may not exceed 512 octets (RFC 5321 §4.5.3.1.4), and tokens are often longer, so a
 * long initial response goes in its own line after an empty 334 challenge (RFC 4954 §4).
 */
final class XOAuth2Mechanism implements SaslMechanism {
    private static final int MAX_COMMAND_LINE = 512 - 2;

    @Override
    public String name() {
        return "XOAUTH2";
    }

    @Override
    public Reply authenticate(SmtpConnection connection, String user, Secret secret) throws MessagingException {
        String response = SaslMechanism.base64("user=" + user + "\001auth=Bearer " + secret.reveal() + "\001\001");
        String command = "AUTH XOAUTH2 " + response;
        Reply reply;
        if (command.length() <= MAX_COMMAND_LINE) {
            reply = connection.secretCommand(command, "AUTH XOAUTH2 <redacted>");
        } else {
            reply = connection.command("AUTH XOAUTH2");
            if (reply.code() != 334) {
                return reply;
            }
            reply = connection.secretCommand(response, "<redacted token>");
        }
        if (reply.code() == 334) {
            // A failure comes as a 334 with an error document; an empty response ends the exchange (535).
            reply = connection.command("");
        }
        return reply;
    }
}
