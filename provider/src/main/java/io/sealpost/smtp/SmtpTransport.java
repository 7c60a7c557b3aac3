package io.sealpost.smtp;

import io.sealpost.smtp.config.Secret;
import io.sealpost.smtp.config.SettingsParser;
import io.sealpost.smtp.config.SmtpSettings;
import io.sealpost.smtp.protocol.SmtpSession;
import io.sealpost.smtp.protocol.SmtpTrace;
import io.sealpost.smtp.tls.TlsClient;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.URLName;
import jakarta.mail.event.ConnectionEvent;
import jakarta.mail.event.ConnectionListener;
import jakarta.mail.internet.MimeMessage;
import java.util.Optional;
import java.util.Vector;

/**
 * Sealpost's {@code smtp} transport: a thin adapter from Jakarta Mail's {@link Transport} to an
 * {@link SmtpSession}. Session properties are read as {@code mail.smtp.*} (see README.md). After
 * {@code connect()}, {@link #getTlsReport()} tells what protected the connection, and connection
 * listeners receive a {@link TlsConnectionEvent} carrying the same report.
 */
public class SmtpTransport extends Transport {
    private final String protocol;
    private final Vector<ConnectionListener> tlsListeners = new Vector<>();
    private SmtpSession smtp;
    private TlsReport lastReport;
    private String lastServerResponse;
    private int transactions;

    public SmtpTransport(Session session, URLName urlName) {
        this(session, urlName, "smtp");
    }

    protected SmtpTransport(Session session, URLName urlName, String protocol) {
        super(session, urlName);
        this.protocol = protocol;
    }

    /** What protected the current (or last) connection; empty before the first connect(). */
    public Optional<TlsReport> getTlsReport() {
        return Optional.ofNullable(lastReport);
    }

    /**
     * The server's reply to the end of the last message's data, for example
     * {@code "250 2.0.0 Ok: queued as 4F2A"}; null before the first message. Same name as Angus Mail's.
     */
    public synchronized String getLastServerResponse() {
        return lastServerResponse;
    }

    @Override
    protected synchronized boolean protocolConnect(String host, int port, String user, String password)
            throws MessagingException {
        // Every configuration error surfaces here, before any network traffic.
        SmtpSettings settings = SettingsParser.parse(session.getProperties(), protocol);
        SmtpSession.Credentials credentials = null;
        if (settings.auth()) {
            String name = user != null ? user : settings.user();
            Secret secret = password != null ? Secret.of(password) : settings.password();
            if (name == null || secret == null) {
                return false; // Service.connect() asks the Session's Authenticator, then calls again.
            }
            credentials = new SmtpSession.Credentials(name, secret);
        }
        TlsClient tls = settings.tls().implicit() || settings.tls().policy() != io.sealpost.smtp.config.TlsPolicy.NONE
                ? TlsClients.forSession(session, settings) : null;
        String targetHost = host != null ? host : settings.host() != null ? settings.host() : "localhost";
        int targetPort = port > 0 ? port : settings.port() > 0 ? settings.port() : settings.defaultPort();
        SmtpTrace trace = session.getDebug() ? SmtpTrace.to(session.getDebugOut()) : SmtpTrace.off();
        smtp = SmtpSession.open(settings, targetHost, targetPort, credentials, tls, trace);
        lastReport = smtp.report();
        transactions = 0;
        return true;
    }

    @Override
    public synchronized void sendMessage(Message message, Address[] addresses) throws MessagingException {
        if (smtp == null || !super.isConnected()) {
            throw new IllegalStateException("Not connected");
        }
        if (!(message instanceof MimeMessage mime)) {
            throw new MessagingException("Sealpost sends only MimeMessage, not " + message.getClass().getName());
        }
        new MessageDelivery(this, smtp, session).deliver(mime, addresses, transactions++ > 0);
    }

    void recordFinalReply(String reply) {
        lastServerResponse = reply;
    }

    /** Lets {@link MessageDelivery} fire Jakarta Mail's transport events. */
    void notifyDelivery(int type, Address[] sent, Address[] unsent, Address[] invalid, Message message) {
        notifyTransportListeners(type, sent, unsent, invalid, message);
    }

    /** Closes after a failure that leaves the connection in an unknown state (mid-DATA, protocol violation). */
    void abort() {
        if (smtp != null) {
            smtp.close();
        }
    }

    @Override
    public synchronized boolean isConnected() {
        if (!super.isConnected() || smtp == null) {
            return false;
        }
        if (smtp.connection().isOpen() && smtp.stillAnswers()) {
            return true;
        }
        try {
            close();
        } catch (MessagingException ignored) {
            // Already gone.
        }
        return false;
    }

    @Override
    public synchronized void close() throws MessagingException {
        try {
            if (smtp != null) {
                smtp.quit();
            }
        } finally {
            smtp = null;
            super.close();
        }
    }

    @Override
    public synchronized void addConnectionListener(ConnectionListener listener) {
        tlsListeners.add(listener);
        super.addConnectionListener(listener);
    }

    @Override
    public synchronized void removeConnectionListener(ConnectionListener listener) {
        tlsListeners.remove(listener);
        super.removeConnectionListener(listener);
    }

    /** OPENED carries the TLS report (SPEC §6); other connection events are Jakarta Mail's own. */
    @Override
    protected void notifyConnectionListeners(int type) {
        if (type == ConnectionEvent.OPENED && lastReport != null) {
            if (!tlsListeners.isEmpty()) {
                queueEvent(new TlsConnectionEvent(this, lastReport), tlsListeners);
            }
            return;
        }
        super.notifyConnectionListeners(type);
    }
}
