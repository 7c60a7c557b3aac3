package io.sealpost.it.server;

import jakarta.mail.Session;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * An application with no Sealpost jar that uses a mail session the administrator defined on the server
 * ({@code ?jndi=NAME}), looked up per request so the session may be defined after deployment.
 */
@WebServlet("/server-probe")
public class ServerMailProbeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Session session;
        try {
            session = (Session) new InitialContext().lookup(request.getParameter("jndi"));
        } catch (NamingException e) {
            response.sendError(404, "no mail session at " + request.getParameter("jndi") + ": " + e);
            return;
        }
        MailProbe.handle(session, request, response);
    }
}
