package io.sealpost.smtp.cli;

import io.sealpost.smtp.SmtpTransport;
import io.sealpost.smtp.TlsReport;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** {@code send}: one message from the shell, through Sealpost's transport, with its TLS report. */
final class SendCommand implements Command {
    private static final String DEFAULT_SUBJECT = "Test message from Sealpost";
    private static final String DEFAULT_BODY = "This is a test message sent with Sealpost's command line.\n";

    @Override
    public String name() {
        return "send";
    }

    @Override
    public String summary() {
        return "send a message (from options, an .eml file or standard input) and show its TLS report";
    }

    @Override
    public String help() {
        return """
                Usage: %1$s send [--server HOST[:PORT]] [--implicit] --from ADDRESS --to ADDRESS...
                                               [--subject TEXT] [--body TEXT | --body - | --body-file FILE]
                                               [--user NAME --password-file FILE] [--debug]
                                               [-Pkey=value]... [--config file.properties]
                       %1$s send [--server HOST[:PORT]] --eml FILE|- [--to ADDRESS...] [options]

                Sends one message through Sealpost's smtp transport (smtps with implicit TLS), configured by
                Session properties exactly as an application would configure it, then prints the TLS report
                and the server's answer. The default policy is opportunistic STARTTLS; add
                -Pmail.smtp.tls.policy=mandatory to refuse anything but verified TLS.

                Options:
                  --server HOST[:PORT] the server (port 25 unless given; 465 means implicit TLS); or set
                                       mail.smtp.host and mail.smtp.port with -P
                  --implicit           TLS from the first byte (RFC 8314), on any port
                  --from ADDRESS       the sender (From header and envelope); or mail.smtp.from / mail.from
                  --to ADDRESS         a recipient; repeat it or separate addresses with commas
                  --subject TEXT       the subject (default "%2$s")
                  --body TEXT          the text of the message; --body - reads it from standard input
                  --body-file FILE     the text of the message, from a UTF-8 file
                  --eml FILE           send a complete RFC 5322 message as it is (- reads standard input); its
                                       To, Cc and Bcc are the recipients unless --to is given; --from and
                                       --subject replace its headers
                  --user NAME          authenticate (mail.smtp.auth=true) as NAME; the password comes from
                  --password-file FILE the first line of FILE (never from the command line, where ps shows it)
                  --debug              print the SMTP conversation (AUTH payloads are redacted)
                  -Pkey=value          a Session property (repeatable), e.g. -Pmail.smtp.tls.policy=mandatory;
                                       keys are mail.smtp.*, or mail.smtps.* when only those are given
                  --config FILE        Session properties from a .properties file (before later -P options)
                  --help               this help

                Exit status: 0 when the server accepted the message (its final 250), 1 when sending failed,
                2 for a wrong command line.

                Examples:
                  %1$s send --server smtp.example.com:587 -Pmail.smtp.tls.policy=mandatory \\
                      --from me@example.com --to you@example.net --subject Hello --body 'Hi there'
                  echo 'Sent from a script' | %1$s send --server localhost --from cron@example.com \\
                      --to ops@example.com --subject 'Nightly job' --body -
                  %1$s send --server smtp.example.com:465 --eml message.eml --user me@example.com \\
                      --password-file ~/.smtp-password
                  %1$s send --config mail.properties --eml - < message.eml
                """.formatted(Main.PROGRAM, DEFAULT_SUBJECT);
    }

    @Override
    public int run(CommandLine args, InputStream in, PrintStream out, PrintStream err) throws UsageException {
        String server = null;
        boolean implicit = false;
        boolean debug = false;
        String from = null;
        List<String> to = new ArrayList<>();
        String subject = null;
        String body = null;
        Path bodyFile = null;
        String eml = null;
        String user = null;
        Path passwordFile = null;
        while (args.hasNext()) {
            String arg = args.next();
            if (args.sessionOption(arg)) {
                continue;
            }
            switch (CommandLine.name(arg)) {
                case "--server" -> server = args.value(arg);
                case "--implicit" -> {
                    CommandLine.flag(arg);
                    implicit = true;
                }
                case "--debug" -> {
                    CommandLine.flag(arg);
                    debug = true;
                }
                case "--from" -> from = args.value(arg);
                case "--to" -> to.add(args.value(arg));
                case "--subject" -> subject = args.value(arg);
                case "--body" -> body = args.value(arg);
                case "--body-file" -> bodyFile = Path.of(args.value(arg));
                case "--eml" -> eml = args.value(arg);
                case "--user" -> user = args.value(arg);
                case "--password-file" -> passwordFile = Path.of(args.value(arg));
                default -> throw CommandLine.unknown(arg);
            }
        }
        if (body != null && bodyFile != null) {
            throw new UsageException("give --body or --body-file, not both");
        }
        if (eml != null && (body != null || bodyFile != null)) {
            throw new UsageException("--eml sends a complete message; it does not take --body or --body-file");
        }
        if (passwordFile != null && user == null) {
            throw new UsageException("--password-file needs --user");
        }
        Properties given = args.sessionProperties();
        Endpoint endpoint = Endpoint.resolve(server, implicit, given);
        Properties properties = endpoint.applyTo(given);
        if (user != null) {
            properties.setProperty(endpoint.key("user"), user);
            properties.setProperty(endpoint.key("auth"), "true");
        }
        String password = passwordFile == null ? null : firstLine(passwordFile);

        Session session = Session.getInstance(properties);
        if (debug) {
            session.setDebugOut(out);
            session.setDebug(true);
        }
        MimeMessage message;
        Address[] recipients;
        try {
            message = eml != null ? parse(session, eml, in) : compose(session, text(body, bodyFile, in));
            if (from != null) {
                message.setFrom(address("--from", from));
            } else if (eml == null) {
                String configured = properties.getProperty(endpoint.key("from"), properties.getProperty("mail.from"));
                if (configured == null) {
                    throw new UsageException("who sends it? Give --from ADDRESS (or -P" + endpoint.key("from") + "=ADDRESS)");
                }
                message.setFrom(address(endpoint.key("from"), configured));
            }
            if (subject != null || eml == null) {
                message.setSubject(subject != null ? subject : DEFAULT_SUBJECT, "UTF-8");
            }
            recipients = recipients(to, message, eml == null);
            message.saveChanges();
        } catch (MessagingException e) {
            err.println("error: cannot build the message: " + Main.describe(e));
            return Main.FAILED;
        }

        Transport transport;
        try {
            transport = session.getTransport(endpoint.protocol());
        } catch (MessagingException e) {
            Main.printFailure(err, e, endpoint);
            return Main.FAILED;
        }
        if (!(transport instanceof SmtpTransport sealpost)) {
            err.println("error: Jakarta Mail chose " + transport.getClass().getName() + " for \"" + endpoint.protocol()
                    + "\", not Sealpost's transport; the provider registration files are missing from the class path.");
            return Main.FAILED;
        }
        Printer printer = new Printer(out);
        printer.line("Sending to " + endpoint.describe());
        Optional<TlsReport> report = Optional.empty();
        try {
            if (password != null) {
                sealpost.connect(user, password);
            } else {
                sealpost.connect();
            }
            try {
                sealpost.sendMessage(message, recipients);
            } finally {
                report = sealpost.getTlsReport();
                sealpost.close();
            }
        } catch (MessagingException e) {
            report = report.isPresent() ? report : sealpost.getTlsReport();
            report.ifPresent(tls -> {
                printer.section("TLS report (SmtpTransport.getTlsReport())");
                printer.tlsReport(tls);
            });
            if (e instanceof SendFailedException failed) {
                printer.section("Not sent");
                printer.row("valid, sent", list(failed.getValidSentAddresses()));
                printer.row("valid, not sent", list(failed.getValidUnsentAddresses()));
                printer.row("invalid", list(failed.getInvalidAddresses()));
            }
            Main.printFailure(err, e, endpoint);
            return Main.FAILED;
        }

        printer.section("TLS report (SmtpTransport.getTlsReport())");
        report.ifPresentOrElse(printer::tlsReport, () -> printer.row("(none)", "the transport reported nothing"));
        printer.section("Message");
        try {
            printer.row("Message-ID", String.valueOf(message.getMessageID()));
            printer.row("From", list(message.getFrom()));
        } catch (MessagingException e) {
            printer.row("headers", "unreadable: " + Main.describe(e));
        }
        printer.row("recipients", list(recipients));

        printer.section("Server's final reply");
        printer.row("reply", sealpost.getLastServerResponse());
        return Main.OK;
    }

    private static MimeMessage compose(Session session, String text) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setSentDate(new Date());
        message.setText(text, "UTF-8");
        return message;
    }

    private static MimeMessage parse(Session session, String eml, InputStream in) throws UsageException, MessagingException {
        byte[] content = eml.equals("-") ? readAll(in, "standard input") : readAll(Path.of(eml), "--eml");
        return new MimeMessage(session, new ByteArrayInputStream(content));
    }

    private static String text(String body, Path bodyFile, InputStream in) throws UsageException {
        if (bodyFile != null) {
            return new String(readAll(bodyFile, "--body-file"), StandardCharsets.UTF_8);
        }
        if ("-".equals(body)) {
            return new String(readAll(in, "standard input"), StandardCharsets.UTF_8);
        }
        return body != null ? body : DEFAULT_BODY;
    }

    /** The envelope: --to when given, else the message's To, Cc and Bcc (for an .eml). */
    private static Address[] recipients(List<String> to, MimeMessage message, boolean composed)
            throws UsageException, MessagingException {
        if (!to.isEmpty()) {
            List<Address> addresses = new ArrayList<>();
            for (String value : to) {
                addresses.addAll(Arrays.asList(addresses("--to", value)));
            }
            Address[] envelope = addresses.toArray(new Address[0]);
            if (composed) {
                message.setRecipients(Message.RecipientType.TO, envelope);
            }
            return envelope;
        }
        Address[] fromMessage = composed ? null : message.getAllRecipients();
        if (fromMessage == null || fromMessage.length == 0) {
            throw new UsageException(composed ? "to whom? Give --to ADDRESS" : "the message has no To, Cc or Bcc: give --to ADDRESS");
        }
        return fromMessage;
    }

    private static InternetAddress address(String option, String value) throws UsageException {
        try {
            return new InternetAddress(value, true);
        } catch (AddressException e) {
            throw new UsageException(option + ": \"" + value + "\" is not an address (" + e.getMessage() + ")");
        }
    }

    private static InternetAddress[] addresses(String option, String value) throws UsageException {
        try {
            InternetAddress[] parsed = InternetAddress.parse(value, true);
            if (parsed.length == 0) {
                throw new UsageException(option + " needs an address");
            }
            return parsed;
        } catch (AddressException e) {
            throw new UsageException(option + ": \"" + value + "\" is not an address (" + e.getMessage() + ")");
        }
    }

    private static String firstLine(Path file) throws UsageException {
        String content = new String(readAll(file, "--password-file"), StandardCharsets.UTF_8);
        int end = content.indexOf('\n');
        String line = end < 0 ? content : content.substring(0, end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static byte[] readAll(Path file, String option) throws UsageException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UsageException(option + " " + file + ": no such file");
        } catch (IOException e) {
            throw new UsageException(option + " " + file + ": cannot read it: " + e.getMessage());
        }
    }

    private static byte[] readAll(InputStream in, String what) throws UsageException {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UsageException("cannot read " + what + ": " + e.getMessage());
        }
    }

    private static String list(Address[] addresses) {
        if (addresses == null || addresses.length == 0) {
            return "(none)";
        }
        List<String> names = new ArrayList<>();
        for (Address address : addresses) {
            names.add(address instanceof InternetAddress internet ? internet.getAddress() : address.toString());
        }
        return String.join(", ", names);
    }
}
