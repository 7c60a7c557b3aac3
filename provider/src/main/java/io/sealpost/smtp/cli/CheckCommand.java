package io.sealpost.smtp.cli;

import io.sealpost.smtp.InvalidConfigurationException;
import io.sealpost.smtp.protocol.SmtpTrace;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Properties;

/** {@code check HOST[:PORT]}: a server's STARTTLS or implicit TLS, examined as the transport would meet it. */
final class CheckCommand implements Command {
    private static final int DEFAULT_TIMEOUT_SECONDS = 20;

    @Override
    public String name() {
        return "check";
    }

    @Override
    public String summary() {
        return "examine a server's STARTTLS or implicit TLS: capabilities, certificate, verdict per policy";
    }

    @Override
    public String help() {
        return """
                Usage: %1$s check HOST[:PORT] [--implicit] [--json] [--timeout SECONDS] [--debug]
                                                [-Pkey=value]... [--config file.properties]

                Connects to HOST (port 25 unless given; 465 means implicit TLS) the way Sealpost's transport would,
                and shows: the greeting; the EHLO capabilities before and after STARTTLS side by side (- only
                before, + only after, ~ changed); TLS version, cipher suite and key exchange; whether a second
                connection resumes the TLS session; the certificate chain (subject, issuer, names, validity, key,
                signature, pin); the verdict of each verification mode (full, chain, fingerprint) under
                tls.policy=mandatory, with the reason and the fix when one fails; what each tls.policy would do;
                and the tls.pins line to paste. Nothing is sent: every connection ends with QUIT before MAIL.

                Trust and client identity come from Session properties, as for the transport:
                  -Pmail.smtp.tls.trustcerts=ca.pem       CA certificates (PEM) to trust
                  -Pmail.smtp.tls.truststore=trust.p12    a trust store (with .type, .password)
                  -Pmail.smtp.tls.keystore=client.p12     a client certificate, if the server asks for one
                  -Pmail.smtp.tls.servername=NAME         the name to verify and send as SNI
                  -Pmail.smtp.tls.pins=sha256/...         pins to check (fingerprint mode, and with full)

                Options:
                  --implicit          TLS from the first byte (RFC 8314), on any port; implied by port 465
                  --json              one JSON document on standard output, for machines
                  --timeout SECONDS   connect and read timeout of each connection (default %2$d); the keys
                                      mail.smtp.connectiontimeout / timeout / writetimeout win when given
                  --debug             print the SMTP conversations (to standard error with --json)
                  -Pkey=value         a Session property (repeatable); keys are mail.smtp.*, or mail.smtps.*
                                      when only those are given
                  --config FILE       Session properties from a .properties file (before later -P options)
                  --help              this help

                Exit status: 0 when tls.policy=mandatory with tls.verify=full would send to this server;
                1 when it would not (or the server could not be reached); 2 for a wrong command line.

                Examples:
                  %1$s check mx.example.com
                  %1$s check smtp.example.com:587 --json
                  %1$s check smtp.example.com:465
                  %1$s check mail.internal:25 -Pmail.smtp.tls.trustcerts=internal-ca.pem
                  %1$s check 10.0.0.5:25 -Pmail.smtp.tls.servername=mail.internal
                """.formatted(Main.PROGRAM, DEFAULT_TIMEOUT_SECONDS);
    }

    @Override
    public int run(CommandLine args, InputStream in, PrintStream out, PrintStream err) throws UsageException {
        String target = null;
        boolean implicit = false;
        boolean json = false;
        boolean debug = false;
        int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
        while (args.hasNext()) {
            String arg = args.next();
            if (args.sessionOption(arg)) {
                continue;
            }
            switch (CommandLine.name(arg)) {
                case "--implicit" -> {
                    CommandLine.flag(arg);
                    implicit = true;
                }
                case "--json" -> {
                    CommandLine.flag(arg);
                    json = true;
                }
                case "--debug" -> {
                    CommandLine.flag(arg);
                    debug = true;
                }
                case "--timeout" -> timeoutSeconds = seconds(args.value(arg));
                default -> {
                    if (arg.startsWith("-") || target != null) {
                        throw CommandLine.unknown(arg);
                    }
                    target = arg;
                }
            }
        }
        if (target == null) {
            throw new UsageException("which server? Give HOST[:PORT], for example: check mx.example.com");
        }
        Properties properties = args.sessionProperties();
        Endpoint endpoint = Endpoint.resolve(target, implicit, properties);
        for (String key : new String[] {"connectiontimeout", "timeout", "writetimeout"}) {
            if (properties.getProperty(endpoint.key(key)) == null) {
                properties.setProperty(endpoint.key(key), String.valueOf(timeoutSeconds * 1000L));
            }
        }
        SmtpTrace trace = debug ? SmtpTrace.to(json ? err : out) : SmtpTrace.off();
        ServerCheck.Result result;
        try {
            result = new ServerCheck(endpoint, properties, trace).run();
        } catch (InvalidConfigurationException e) {
            Main.printFailure(err, e, endpoint);
            return Main.FAILED;
        }
        CheckReport report = new CheckReport(result);
        if (json) {
            out.print(report.toJson());
        } else {
            report.printText(out);
        }
        return result.mandatoryWithFullVerification() ? Main.OK : Main.FAILED;
    }

    private static int seconds(String value) throws UsageException {
        try {
            int seconds = Integer.parseInt(value.trim());
            if (seconds > 0 && seconds <= 3600) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new UsageException("--timeout takes a number of seconds from 1 to 3600, not \"" + value + "\"");
    }
}
