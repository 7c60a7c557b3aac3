package io.sealpost.smtp.auth;

import io.sealpost.smtp.config.Secret;
import io.sealpost.smtp.protocol.Reply;
import io.sealpost.smtp.protocol.SmtpConnection;
import jakarta.mail.MessagingException;

/** LOGIN (draft-murchison-sasl-login): user name and password, each answering a 334 prompt. */
final class LoginMechanism implements SaslMechanism {
    @Override
    public String name() {
        return "LOGIN";
    }

    @Override
    public Reply authenticate(SmtpConnection connection, String user, Secret secret) throws MessagingException {
        Reply reply = connection.command("AUTH LOGIN");
        if (reply.code() != 334) {
            return reply;
        }
        reply = connection.secretCommand(SaslMechanism.base64(user), "<redacted user name>");
        if (reply.code() != 334) {
            return reply;
        }
        return connection.secretCommand(SaslMechanism.base64(secret.reveal()), "<redacted password>");
    }
}
