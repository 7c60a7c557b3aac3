package io.sealpost.smtp.auth;

import io.sealpost.smtp.config.Secret;
import io.sealpost.smtp.config.SmtpSettings;
import io.sealpost.smtp.protocol.Capabilities;
import io.sealpost.smtp.protocol.Reply;
import io.sealpost.smtp.protocol.SmtpConnection;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.util.List;
import java.util.Map;

/**
 * SMTP AUTH (RFC 4954): picks the first mechanism of {@code auth.mechanisms} that the server offers and
 * runs it. Whether credentials may be sent at all is decided before this is called (the TLS policy).
 */
public final class Authentication {
    private static final Map<String, SaslMechanism> MECHANISMS = Map.of(
            "PLAIN", new PlainMechanism(),
            "LOGIN", new LoginMechanism(),
            "XOAUTH2", new XOAuth2Mechanism());

    private Authentication() {
    }

    public static void authenticate(SmtpConnection connection, Capabilities capabilities, SmtpSettings settings,
            String user, Secret secret) throws MessagingException {
        if (!capabilities.supports("AUTH")) {
            throw new AuthenticationFailedException("The server does not offer AUTH"
                    + (connection.tls() != null ? " after STARTTLS" : "")
                    + ", but " + settings.key("auth") + "=true and credentials are configured; nothing was sent");
        }
        SaslMechanism mechanism = choose(settings.authMechanisms(), capabilities);
        if (mechanism == null) {
            throw new AuthenticationFailedException("No common AUTH mechanism: the server offers "
                    + capabilities.authMechanisms() + ", " + settings.key("auth.mechanisms") + " allows "
                    + settings.authMechanisms());
        }
        Reply reply = mechanism.authenticate(connection, user, secret);
        if (reply.code() != 235) {
            throw new AuthenticationFailedException("AUTH " + mechanism.name() + " for user " + user
                    + " failed: " + reply);
        }
    }

    private static SaslMechanism choose(List<String> allowed, Capabilities capabilities) {
        for (String name : allowed) {
            if (capabilities.authMechanisms().contains(name) && MECHANISMS.containsKey(name)) {
                return MECHANISMS.get(name);
            }
        }
        return null;
    }
}
