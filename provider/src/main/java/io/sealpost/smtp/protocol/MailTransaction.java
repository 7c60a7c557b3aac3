package io.sealpost.smtp.protocol;

import io.sealpost.smtp.config.SmtpSettings;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One mail transaction (RFC 5321 §3.3): MAIL FROM with the parameters the server announced, one RCPT TO
 * per recipient, DATA with the message streamed through dot-stuffing. It reports what the server said
 * to each step; turning that into Jakarta Mail's exceptions and events is the transport's job.
 */
public final class MailTransaction {
    private final SmtpSession session;

    public MailTransaction(SmtpSession session) {
        this.session = session;
    }

    /** The server's answer to one RCPT TO. */
    public record RecipientReply(InternetAddress address, String command, Reply reply) {
        public boolean accepted() {
            return reply.positive();
        }

        /** 4xx, and 552 (RFC 5321 §4.5.3.1.10 lets it mean "too many recipients, try later"), as Angus counts them. */
        public boolean temporary() {
            return reply.transientFailure() || reply.code() == 552;
        }
    }

    /** A command as sent, and the server's reply to it. */
    public record CommandReply(String command, Reply reply) {
    }

    /** MAIL FROM; returns the command sent and the reply, for the caller to judge. */
    public CommandReply mailFrom(InternetAddress from, MimeMessage message, boolean utf8) throws MessagingException {
        Capabilities capabilities = session.capabilities();
        SmtpSettings settings = session.settings();
        StringBuilder line = new StringBuilder("MAIL FROM:<").append(from.getAddress()).append('>');
        long maxSize = capabilities.maxSize();
        if (maxSize > 0) {
            // RFC 1870: an exact size lets the server refuse an oversized message before DATA.
            line.append(" SIZE=").append(size(message));
        }
        if (settings.allow8bitMime() && capabilities.supports("8BITMIME")) {
            line.append(" BODY=8BITMIME");
        }
        if (utf8) {
            line.append(" SMTPUTF8");
        }
        if (settings.dsnRet() != null && capabilities.supports("DSN")) {
            line.append(" RET=").append(settings.dsnRet());
        }
        if (settings.submitter() != null && capabilities.supports("AUTH")) {
            line.append(" AUTH=").append(xtext(settings.submitter()));
        }
        if (settings.mailExtension() != null && !settings.mailExtension().isEmpty()) {
            line.append(' ').append(settings.mailExtension());
        }
        String command = line.toString();
        return new CommandReply(command, session.connection().command(command));
    }

    public RecipientReply recipient(InternetAddress address) throws MessagingException {
        StringBuilder line = new StringBuilder("RCPT TO:<").append(address.getAddress()).append('>');
        SmtpSettings settings = session.settings();
        if (settings.dsnNotify() != null && session.capabilities().supports("DSN")) {
            line.append(" NOTIFY=").append(settings.dsnNotify());
        }
        String command = line.toString();
        return new RecipientReply(address, command, session.connection().command(command));
    }

    /** DATA: the 354 invitation, the content, the final reply. A non-354 reply is returned as is. */
    public Reply data(MimeMessage message) throws MessagingException {
        Reply go = session.connection().command("DATA");
        if (go.code() != 354) {
            return go;
        }
        session.connection().data(message::writeTo);
        return session.connection().readReply("reading the reply to the end of the message data");
    }

    private static long size(MimeMessage message) throws MessagingException {
        CountingOutputStream counter = new CountingOutputStream();
        try {
            DotStuffingOutputStream normalised = DotStuffingOutputStream.lineNormalising(counter);
            message.writeTo(normalised);
            normalised.endLine();
        } catch (IOException e) {
            throw new MessagingException("Cannot compute the message size", e);
        }
        return counter.count;
    }

    /** Whether an address needs SMTPUTF8 (RFC 6531): any octet outside ASCII. */
    public static boolean needsUtf8(String address) {
        for (int i = 0; i < address.length(); i++) {
            if (address.charAt(i) > 0x7e) {
                return true;
            }
        }
        return false;
    }

    /** xtext (RFC 3461 §4): '+', '=' and characters outside '!'..'~' as +HH. */
    static String xtext(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < '!' || c > '~' || c == '+' || c == '=') {
                out.append('+').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    private static final class CountingOutputStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            count += length;
        }
    }
}
