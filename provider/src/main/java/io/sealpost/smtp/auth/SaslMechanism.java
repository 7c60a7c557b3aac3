package io.sealpost.smtp.auth;

import io.sealpost.smtp.config.Secret;
import io.sealpost.smtp.protocol.Reply;
import io.sealpost.smtp.protocol.SmtpConnection;
import jakarta.mail.MessagingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** One SASL mechanism of the SMTP AUTH command (RFC 4954). Every payload it sends is redacted in the trace. */
interface SaslMechanism {
    /** The mechanism name as announced after AUTH. */
    String name();

    /** Runs the exchange and returns the server's final reply (235 on success). */
    Reply authenticate(SmtpConnection connection, String user, Secret secret) throws MessagingException;

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
