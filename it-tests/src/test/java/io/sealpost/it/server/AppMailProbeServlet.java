package io.sealpost.it.server;

import jakarta.annotation.Resource;
import jakarta.mail.MailSessionDefinition;
import jakarta.mail.MailSessionDefinitions;
import jakarta.mail.Session;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * An application that brings Sealpost in WEB-INF/lib and defines its own mail session: mandatory
 * STARTTLS, the test CA, and a client certificate (SPEC §3.2 keys, no Sealpost class named anywhere).
 * {@code ?session=explicit} uses the same session with {@code mail.smtp.class} naming Sealpost's transport:
 * the documented fix where the server's own Angus Mail wins the registration (Open Liberty).
 */
@MailSessionDefinitions({
    @MailSessionDefinition(
            name = AppServerFixture.APP_SESSION,
            transportProtocol = "smtp",
            host = "localhost",
            from = AppServerFixture.FROM,
            properties = {
                "mail.smtp.port=" + AppServerFixture.SMTP_PORT,
                "mail.smtp.tls.policy=mandatory",
                "mail.smtp.tls.trustcerts=" + AppServerFixture.CA_PEM,
                "mail.smtp.tls.keystore=" + AppServerFixture.CLIENT_KEYSTORE,
                "mail.smtp.tls.keystore.type=PKCS12",
                "mail.smtp.tls.keystore.password=" + AppServerFixture.KEYSTORE_PASSWORD,
                "mail.smtp.tls.key.alias=" + AppServerFixture.CLIENT_ALIAS,
                "mail.smtp.connectiontimeout=10000",
                "mail.smtp.timeout=30000"
            }),
    @MailSessionDefinition(
            name = AppServerFixture.APP_SESSION_EXPLICIT,
            transportProtocol = "smtp",
            host = "localhost",
            from = AppServerFixture.FROM,
            properties = {
                "mail.smtp.class=io.sealpost.smtp.SmtpTransport",
                "mail.smtp.port=" + AppServerFixture.SMTP_PORT,
                "mail.smtp.tls.policy=mandatory",
                "mail.smtp.tls.trustcerts=" + AppServerFixture.CA_PEM,
                "mail.smtp.tls.keystore=" + AppServerFixture.CLIENT_KEYSTORE,
                "mail.smtp.tls.keystore.type=PKCS12",
                "mail.smtp.tls.keystore.password=" + AppServerFixture.KEYSTORE_PASSWORD,
                "mail.smtp.tls.key.alias=" + AppServerFixture.CLIENT_ALIAS,
                "mail.smtp.connectiontimeout=10000",
                "mail.smtp.timeout=30000"
            })
})
@WebServlet("/probe")
public class AppMailProbeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Resource(lookup = AppServerFixture.APP_SESSION)
    private transient Session session;

    @Resource(lookup = AppServerFixture.APP_SESSION_EXPLICIT)
    private transient Session explicitSession;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        MailProbe.handle("explicit".equals(request.getParameter("session")) ? explicitSession : session, request, response);
    }
}
