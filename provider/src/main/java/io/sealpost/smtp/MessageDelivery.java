package io.sealpost.smtp;

import io.sealpost.smtp.protocol.MailTransaction;
import io.sealpost.smtp.protocol.MailTransaction.CommandReply;
import io.sealpost.smtp.protocol.MailTransaction.RecipientReply;
import io.sealpost.smtp.protocol.Reply;
import io.sealpost.smtp.protocol.SmtpSession;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.event.TransportEvent;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code sendMessage} in Jakarta Mail's terms (SPEC §4.7): a message counts as sent only after the
 * final 250 to end-of-data; every failure is a {@link SendFailedException} that says which recipients
 * were valid and sent, valid but unsent, and invalid, with the server's reply for each chained in.
 */
final class MessageDelivery {
    private final SmtpTransport transport;
    private final SmtpSession smtp;
    private final Session session;

    private final List<InternetAddress> accepted = new ArrayList<>();
    private final List<Address> deferred = new ArrayList<>();
    private final List<Address> invalid = new ArrayList<>();
    private MessagingException chain;

    MessageDelivery(SmtpTransport transport, SmtpSession smtp, Session session) {
        this.transport = transport;
        this.smtp = smtp;
        this.session = session;
    }

    /** @param reused whether an earlier message used this connection: then RSET comes first (RFC 5321 §4.1.1.5) */
    void deliver(MimeMessage message, Address[] addresses, boolean reused) throws MessagingException {
        if (addresses == null || addresses.length == 0) {
            throw new SendFailedException("No recipient addresses");
        }
        List<InternetAddress> recipients = new ArrayList<>();
        for (Address address : addresses) {
            if (address instanceof InternetAddress internet) {
                recipients.add(internet);
            } else {
                invalid.add(address);
            }
        }
        if (!invalid.isEmpty()) {
            throw fail("Sealpost sends only to InternetAddress recipients", message);
        }
        InternetAddress from = envelopeSender(message);
        boolean utf8 = needsUtf8(from, recipients);
        MailTransaction transaction = new MailTransaction(smtp);
        try {
            if (reused) {
                smtp.reset();
            }
            CommandReply mail = transaction.mailFrom(from, message, utf8);
            if (!mail.reply().positive()) {
                chain(new AddressFailedException(from, mail.command(), mail.reply().code(), mail.reply().toString()));
                smtp.reset();
                deferred.addAll(recipients);
                throw fail("The server refused the sender " + from.getAddress() + ": " + mail.reply(), message);
            }
            for (InternetAddress recipient : recipients) {
                RecipientReply rcpt = transaction.recipient(recipient);
                if (rcpt.accepted()) {
                    accepted.add(recipient);
                    if (smtp.settings().reportSuccess()) {
                        chain(new AddressSucceededException(recipient, rcpt.command(), rcpt.reply().code(), rcpt.reply().toString()));
                    }
                } else {
                    if (rcpt.temporary()) {
                        deferred.add(recipient);
                    } else {
                        invalid.add(recipient);
                    }
                    chain(new AddressFailedException(recipient, rcpt.command(), rcpt.reply().code(), rcpt.reply().toString()));
                }
            }
            boolean someRefused = !deferred.isEmpty() || !invalid.isEmpty();
            if (accepted.isEmpty() || (someRefused && !smtp.settings().sendPartial())) {
                smtp.reset();
                deferred.addAll(0, accepted);
                accepted.clear();
                throw fail(invalid.isEmpty() ? "No recipient was accepted now; try again later" : "Invalid Addresses",
                        message);
            }
            Reply end = transaction.data(message);
            transport.recordFinalReply(end.toString());
            if (!end.positive()) {
                smtp.reset();
                deferred.addAll(0, accepted);
                accepted.clear();
                chain(new SmtpReplyException("DATA", end.code(), end.toString()));
                throw fail("The server did not accept the message: " + end, message);
            }
        } catch (SendFailedException e) {
            throw e;
        } catch (MessagingException | RuntimeException e) {
            // The connection is in an unknown state (mid-DATA, protocol violation, I/O): never reuse it.
            transport.abort();
            accepted.clear();
            deferred.clear();
            for (InternetAddress recipient : recipients) {
                if (!invalid.contains(recipient)) {
                    deferred.add(recipient);
                }
            }
            chain(e instanceof MessagingException m ? m : new MessagingException(e.toString(), e));
            throw fail("Sending failed, the message was not sent: " + e.getMessage(), message);
        }
        if (!invalid.isEmpty() || !deferred.isEmpty()) {
            transport.notifyDelivery(TransportEvent.MESSAGE_PARTIALLY_DELIVERED,
                    accepted.toArray(new Address[0]), deferred.toArray(new Address[0]), invalid.toArray(new Address[0]), message);
            throw new SendFailedException("Invalid Addresses: the message was sent only to " + accepted,
                    chain, accepted.toArray(new Address[0]), deferred.toArray(new Address[0]), invalid.toArray(new Address[0]));
        }
        transport.notifyDelivery(TransportEvent.MESSAGE_DELIVERED,
                accepted.toArray(new Address[0]), new Address[0], new Address[0], message);
        if (smtp.settings().reportSuccess()) {
            // Angus-compatible: with reportsuccess the per-recipient successes arrive as an exception chain.
            throw new SendFailedException("Message sent; reportsuccess lists each accepted recipient", chain,
                    accepted.toArray(new Address[0]), new Address[0], new Address[0]);
        }
    }

    /** A failure before the final 250: nothing was sent to anyone. */
    private SendFailedException fail(String text, MimeMessage message) {
        Address[] validSent = new Address[0];
        Address[] validUnsent = deferred.toArray(new Address[0]);
        Address[] invalidAddresses = invalid.toArray(new Address[0]);
        transport.notifyDelivery(TransportEvent.MESSAGE_NOT_DELIVERED, validSent, validUnsent, invalidAddresses, message);
        return new SendFailedException(text, chain, validSent, validUnsent, invalidAddresses);
    }

    private void chain(MessagingException next) {
        if (chain == null) {
            chain = next;
        } else {
            chain.setNextException(next);
        }
    }

    /** {@code mail.<protocol>.from}, else the message's From, else the Session's local address (as Angus). */
    private InternetAddress envelopeSender(MimeMessage message) throws MessagingException {
        String configured = smtp.settings().from();
        if (configured != null) {
            try {
                return new InternetAddress(configured);
            } catch (AddressException e) {
                throw new InvalidConfigurationException(smtp.settings().key("from"),
                        smtp.settings().key("from") + " is not an address: " + e.getMessage(), e);
            }
        }
        Address[] from = message.getFrom();
        if (from != null && from.length > 0 && from[0] instanceof InternetAddress internet) {
            return internet;
        }
        InternetAddress local = InternetAddress.getLocalAddress(session);
        if (local == null) {
            throw new MessagingException("No envelope sender: set " + smtp.settings().key("from")
                    + " or the message's From header");
        }
        return local;
    }

    private boolean needsUtf8(InternetAddress from, List<InternetAddress> recipients) throws MessagingException {
        boolean utf8 = MailTransaction.needsUtf8(from.getAddress());
        for (InternetAddress recipient : recipients) {
            utf8 |= MailTransaction.needsUtf8(recipient.getAddress());
        }
        if (utf8 && !smtp.capabilities().supports("SMTPUTF8")) {
            throw new SendFailedException("An address needs SMTPUTF8 (RFC 6531), which the server does not offer; "
                    + "nothing was sent", null, new Address[0], recipients.toArray(new Address[0]), new Address[0]);
        }
        return utf8;
    }
}
