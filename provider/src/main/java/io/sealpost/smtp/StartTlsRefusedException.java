package io.sealpost.smtp;

/** The server answered STARTTLS with a 4xx or 5xx reply; the reply is kept for the reader. */
public final class StartTlsRefusedException extends SmtpSecurityException {
    private static final long serialVersionUID = 1L;
    private final int replyCode;
    private final String serverReply;

    public StartTlsRefusedException(String message, int replyCode, String serverReply) {
        super(message);
        this.replyCode = replyCode;
        this.serverReply = serverReply;
    }

    /** The three-digit reply code the server sent to STARTTLS. */
    public int replyCode() {
        return replyCode;
    }

    /** The server's whole reply text, as received. */
    public String serverReply() {
        return serverReply;
    }
}
