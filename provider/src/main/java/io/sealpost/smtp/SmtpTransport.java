package io.sealpost.smtp;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.URLName;
import java.util.Optional;

/** Sealpost's {@code smtp} transport. STUB: replaced by the real adapter. */
public class SmtpTransport extends Transport {
    private final String protocol;

    public SmtpTransport(Session session, URLName urlName) {
        this(session, urlName, "smtp");
    }

    protected SmtpTransport(Session session, URLName urlName, String protocol) {
        super(session, urlName);
        this.protocol = protocol;
    }

    public Optional<TlsReport> getTlsReport() {
        return Optional.empty();
    }

    @Override
    public void sendMessage(Message message, Address[] addresses) throws MessagingException {
        throw new MessagingException("not yet");
    }
}
