package io.sealpost.smtp.cli;

import io.sealpost.smtp.SmtpTransport;
import io.sealpost.smtp.TlsReport;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The README's main job: a fresh throw-away CA and server certificate, an SMTP server on loopback that
 * offers STARTTLS, and one message sent to it through a plain Jakarta Mail {@link Session} with
 * {@code tls.policy=mandatory}; then the TLS report as the application sees it, and the message as the
 * server saw it.
 */
final class DemoCommand implements Command {
    private static final String FROM = "Sealpost demo <demo@example.org>";
    private static final String TO = "Reader <reader@example.net>";

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "send one message over mandatory STARTTLS to a built-in server, and show what protected it";
    }

    @Override
    public String help() {
        return """
                Usage: %1$s demo [--debug] [-Pkey=value]... [--config file.properties]

                Starts an SMTP server on 127.0.0.1 with a fresh throw-away CA and a certificate for "localhost",
                sends one message to it through a Jakarta Mail Session configured with
                  mail.smtp.tls.policy=mandatory, mail.smtp.tls.trustcerts=<the CA, as PEM>,
                  mail.smtp.tls.servername=localhost
                and prints the transport's TLS report and what the server received. Needs no network and no set-up;
                the server stops when the demo ends.

                Options:
                  --debug            print the SMTP conversation (mail.debug; AUTH payloads are never shown)
                  -Pkey=value        add or override a Session property, e.g. -Pmail.smtp.tls.engine=jdk
                  --config FILE      read Session properties from a .properties file
                  --help             this help

                Exit status: 0 when the message arrived over verified TLS, 1 otherwise, 2 for a wrong command line.

                Examples:
                  %1$s demo
                  %1$s demo --debug
                  %1$s demo -Pmail.smtp.tls.engine=jdk
                """.formatted(Main.PROGRAM);
    }

    @Override
    public int run(CommandLine args, InputStream in, PrintStream out, PrintStream err) throws UsageException {
        boolean debug = false;
        while (args.hasNext()) {
            String arg = args.next();
            if (args.sessionOption(arg)) {
                continue;
            }
            if (CommandLine.name(arg).equals("--debug")) {
                CommandLine.flag(arg);
                debug = true;
            } else {
                throw CommandLine.unknown(arg);
            }
        }
        Printer printer = new Printer(out);
        ThrowawayCa ca = ThrowawayCa.create("Sealpost demo CA");
        ThrowawayCa.Issued certificate = ca.issue(DemoSmtpServer.NAME)
                .dnsNames(DemoSmtpServer.NAME).ipAddresses("127.0.0.1").issue();
        Path caFile = null;
        try (DemoSmtpServer server = DemoSmtpServer.start(certificate)) {
            caFile = Files.createTempFile("sealpost-demo-ca-", ".pem");
            ThrowawayCa.writePem(caFile, ca.certificate());
            Properties properties = new Properties();
            properties.setProperty("mail.smtp.host", server.host());
            properties.setProperty("mail.smtp.port", String.valueOf(server.port()));
            properties.setProperty("mail.smtp.tls.policy", "mandatory");
            properties.setProperty("mail.smtp.tls.trustcerts", caFile.toString());
            properties.setProperty("mail.smtp.tls.servername", DemoSmtpServer.NAME);
            properties.setProperty("mail.smtp.connectiontimeout", "10000");
            properties.setProperty("mail.smtp.timeout", "10000");
            properties.setProperty("mail.smtp.writetimeout", "10000");
            properties.putAll(args.sessionProperties());

            printer.line("Sealpost demo: one message over mandatory STARTTLS, through a Jakarta Mail Session");
            printer.row("throw-away CA", ca.certificate().getSubjectX500Principal().getName());
            printer.row("SMTP server", server.host() + ":" + server.port() + ", certificate "
                    + certificate.certificate().getSubjectX500Principal().getName() + " (DNS:localhost, IP:127.0.0.1)");
            printer.row("Session properties", "");
            for (Map.Entry<String, String> entry : sorted(properties).entrySet()) {
                printer.more(Printer.property(entry.getKey(), entry.getValue()));
            }

            Session session = Session.getInstance(properties);
            if (debug) {
                session.setDebugOut(out);
                session.setDebug(true);
            }
            Transport transport = session.getTransport("smtp");
            if (!(transport instanceof SmtpTransport sealpost)) {
                err.println("error: Jakarta Mail chose " + transport.getClass().getName() + " for \"smtp\", not Sealpost's "
                        + "SmtpTransport; the provider registration files are missing from the class path.");
                return Main.FAILED;
            }
            MimeMessage message = message(session);
            Optional<TlsReport> report;
            try {
                sealpost.connect();
                try {
                    sealpost.sendMessage(message, message.getAllRecipients());
                } finally {
                    report = sealpost.getTlsReport();
                    sealpost.close();
                }
            } catch (MessagingException e) {
                report = sealpost.getTlsReport();
                report.ifPresent(tls -> {
                    printer.section("TLS report (SmtpTransport.getTlsReport())");
                    printer.tlsReport(tls);
                });
                Main.printFailure(err, e, new Endpoint("smtp", server.host(), server.port(), false));
                return Main.FAILED;
            }

            printer.section("TLS report, as the application sees it (SmtpTransport.getTlsReport())");
            report.ifPresentOrElse(printer::tlsReport, () -> printer.row("(none)", "the transport reported nothing"));

            printer.section("What the server received");
            List<DemoSmtpServer.Received> received = server.messages();
            if (received.isEmpty()) {
                printer.row("(nothing)", "the server has no message");
                return Main.FAILED;
            }
            DemoSmtpServer.Received mail = received.get(0);
            printer.row("arrived over TLS", mail.overTls() ? "yes (" + mail.tlsProtocol() + ", " + mail.cipherSuite() + ")"
                    : "NO: in plaintext");
            printer.row("EHLO name", mail.clientName());
            printer.row("MAIL FROM", "<" + mail.mailFrom() + ">");
            for (String recipient : mail.recipients()) {
                printer.row("RCPT TO", "<" + recipient + ">");
            }
            List<String> commands = server.commands();
            for (int i = 0; i < commands.size(); i++) {
                if (i == 0) {
                    printer.row("commands, in order", commands.get(i));
                } else {
                    printer.more(commands.get(i));
                }
            }
            printer.row("message", mail.content().length() + " characters:");
            for (String line : mail.content().split("\r\n")) {
                printer.more("| " + line);
            }

            boolean verifiedTls = report.map(tls -> tls.encrypted() && tls.verified()).orElse(false) && mail.overTls();
            printer.section(verifiedTls
                    ? "Result: sent over verified TLS; no MAIL, RCPT or message byte travelled in plaintext."
                    : "Result: the message did NOT travel over verified TLS.");
            return verifiedTls ? Main.OK : Main.FAILED;
        } catch (IOException e) {
            err.println("error: the demo could not start its SMTP server or write the CA file: " + e.getMessage());
            return Main.FAILED;
        } catch (MessagingException e) {
            err.println("error: the demo could not build its message: " + e.getMessage());
            return Main.FAILED;
        } finally {
            if (caFile != null) {
                try {
                    Files.deleteIfExists(caFile);
                } catch (IOException ignored) {
                    // A temporary file holding a public certificate: harmless if it stays.
                }
            }
        }
    }

    private static MimeMessage message(Session session) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(FROM));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(TO));
        message.setSubject("Hello over mandatory STARTTLS");
        message.setSentDate(new Date());
        message.setText("""
                This message was sent by Sealpost's smtp transport.
                The policy was mandatory: without a verified TLS connection,
                not one byte of it would have left the client.
                """, "UTF-8");
        message.saveChanges();
        return message;
    }

    private static Map<String, String> sorted(Properties properties) {
        Map<String, String> sorted = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            sorted.put(key, properties.getProperty(key));
        }
        return sorted;
    }
}
