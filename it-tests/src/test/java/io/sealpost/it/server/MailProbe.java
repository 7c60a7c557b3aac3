package io.sealpost.it.server;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * What the deployed probes do with a container-made Session: {@code ?action=transport} names the class
 * that {@code getTransport("smtp")} returns (and the loader that defined it); {@code ?action=send&token=T}
 * sends one message whose subject carries T, with no credentials and no Sealpost API.
 */
public final class MailProbe {
    private MailProbe() {
    }

    private static String contextLoaderSees(String className) {
        try {
            Class<?> type = Class.forName(className, false, Thread.currentThread().getContextClassLoader());
            return "yes, from " + type.getClassLoader();
        } catch (ClassNotFoundException | LinkageError e) {
            return "no (" + e + ")";
        }
    }

    public static void handle(Session session, HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        try {
            String action = request.getParameter("action");
            if ("transport".equals(action)) {
                Transport transport = session.getTransport("smtp");
                response.getWriter().println(transport.getClass().getName());
                response.getWriter().println("loader=" + transport.getClass().getClassLoader());
                response.getWriter().println("mail.host=" + session.getProperty("mail.host")
                        + " mail.smtp.host=" + session.getProperty("mail.smtp.host")
                        + " mail.smtp.class=" + session.getProperty("mail.smtp.class"));
                response.getWriter().println("registered=" + java.util.Arrays.toString(session.getProviders()));
                response.getWriter().println("context loader sees Sealpost: " + contextLoaderSees("io.sealpost.smtp.SmtpTransport"));
            } else if ("send".equals(action)) {
                MimeMessage message = new MimeMessage(session);
                message.setFrom(new InternetAddress(request.getParameter("from")));
                message.setRecipients(Message.RecipientType.TO, request.getParameter("to"));
                message.setSubject("Sealpost on an application server " + request.getParameter("token"));
                message.setText("Sent by " + request.getServletContext().getServerInfo() + ".\n", "UTF-8");
                Transport.send(message);
                response.getWriter().println("sent");
            } else {
                response.sendError(400, "action=transport or action=send");
            }
        } catch (MessagingException | RuntimeException e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            response.setStatus(500);
            response.getWriter().println(trace);
        }
    }
}
