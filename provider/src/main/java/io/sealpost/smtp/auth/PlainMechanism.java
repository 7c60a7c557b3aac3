package io.sealpost.smtp.auth;

import io.sealpost.smtp.config.Secret;
import io.sealpost.smtp.protocol.Reply;
import io.sealpost.smtp.protocol.SmtpConnection;
import jakarta.mail.MessagingException;

/** PLAIN (RFC 4616): the credentials in the initial response, as {@code \0user\0password}. */
final class PlainMechanism implements SaslMechanism {
    @Override
    public String name() {
        return "PLAIN";
    }

    @Override
    public Reply authenticate(SmtpConnection connection, String user, Secret secret) throws MessagingException {
        String response = SaslMechanism.base64("\0" + user + "\0" + secret.reveal());
        return connection.secretCommand("AUTH PLAIN " + response, "AUTH PLAIN <redacted>");
    }
}
