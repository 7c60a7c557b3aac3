package io.sealpost.it.server;

/**
 * Fixed values shared by the application-server tests and the code they deploy. Annotations such as
 * {@code @MailSessionDefinition} take only constants, so the loopback SMTP receiver's port and the
 * certificate files are fixed here rather than chosen at run time.
 */
public final class AppServerFixture {
    /** The loopback SMTP receiver (mandatory STARTTLS, client certificate requested). */
    public static final int SMTP_PORT = 42587;
    /** Where the tests write ca.pem and client.p12 before they send. */
    public static final String PKI_DIR = "/tmp/sealpost-it-appserver";
    public static final String CA_PEM = PKI_DIR + "/ca.pem";
    public static final String CLIENT_KEYSTORE = PKI_DIR + "/client.p12";
    public static final String KEYSTORE_PASSWORD = "changeit";
    public static final String CLIENT_ALIAS = "client";
    public static final String FROM = "app@sealpost.test";
    public static final String TO = "inbox@sealpost.test";
    /** The session an application defines for itself with {@code @MailSessionDefinition}. */
    public static final String APP_SESSION = "java:app/mail/SealpostApp";
    /** The same session with {@code mail.smtp.class=io.sealpost.smtp.SmtpTransport}, the explicit choice. */
    public static final String APP_SESSION_EXPLICIT = "java:app/mail/SealpostAppExplicit";

    private AppServerFixture() {
    }
}
