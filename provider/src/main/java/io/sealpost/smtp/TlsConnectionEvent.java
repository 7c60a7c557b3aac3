package io.sealpost.smtp;

import jakarta.mail.event.ConnectionEvent;

/**
 * The {@code OPENED} event a Sealpost transport fires after connect(), carrying the TLS report, so a
 * {@code ConnectionListener} needs no cast of the transport to see what protected the connection.
 */
public final class TlsConnectionEvent extends ConnectionEvent {
    private static final long serialVersionUID = 1L;
    private final transient TlsReport tlsReport;

    public TlsConnectionEvent(Object source, TlsReport tlsReport) {
        super(source, ConnectionEvent.OPENED);
        this.tlsReport = tlsReport;
    }

    public TlsReport tlsReport() {
        return tlsReport;
    }
}
