package io.sealpost.smtp;

import jakarta.mail.Session;
import jakarta.mail.URLName;

/** Sealpost's {@code smtps} transport: implicit TLS from the first byte (RFC 8314), keys {@code mail.smtps.*}. */
public class SmtpsTransport extends SmtpTransport {
    public SmtpsTransport(Session session, URLName urlName) {
        super(session, urlName, "smtps");
    }
}
