package io.sealpost.smtp.testserver;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * One mail transaction the server received up to the end of its data, whatever the final reply was.
 *
 * @param connection          the connection's index
 * @param from                the reverse path of MAIL FROM, without angle brackets ({@code ""} for the null path)
 * @param mailParameters      the ESMTP parameters of MAIL FROM, for example {@code SIZE=1234}, {@code BODY=8BITMIME}
 * @param recipients          the forward paths the server accepted, in order
 * @param recipientParameters the ESMTP parameters of each accepted recipient ({@code NOTIFY=…}, {@code ORCPT=…})
 * @param rejectedRecipients  the forward paths the server refused
 * @param rawData             the bytes between DATA's 354 and the terminating CRLF.CRLF, still dot-stuffed
 *                            (for BDAT, the chunks concatenated)
 * @param content             the message as the client meant it: {@code rawData} un-dot-stuffed
 * @param chunks              each BDAT chunk (RFC 3030); empty when the message came by DATA
 * @param tls                 whether the data arrived inside TLS
 * @param tlsProtocol         the TLS version, {@code ""} in plaintext
 * @param clientCertificates  the client's certificate chain as the server saw it, empty when none
 * @param authenticatedAs     the user the connection authenticated as, {@code ""} when it did not
 * @param finalReply          the server's reply to the end of data ({@code ""} when it sent none)
 */
public record ReceivedMessage(
        int connection,
        String from,
        List<String> mailParameters,
        List<String> recipients,
        Map<String, List<String>> recipientParameters,
        List<String> rejectedRecipients,
        byte[] rawData,
        byte[] content,
        List<byte[]> chunks,
        boolean tls,
        String tlsProtocol,
        List<X509Certificate> clientCertificates,
        String authenticatedAs,
        String finalReply) {

    public ReceivedMessage {
        mailParameters = List.copyOf(mailParameters);
        recipients = List.copyOf(recipients);
        recipientParameters = Map.copyOf(recipientParameters);
        rejectedRecipients = List.copyOf(rejectedRecipients);
        chunks = List.copyOf(chunks);
        clientCertificates = List.copyOf(clientCertificates);
    }

    /** The un-dot-stuffed message decoded as UTF-8. */
    public String contentAsString() {
        return new String(content, StandardCharsets.UTF_8);
    }

    /** Whether the server accepted the message (2xx to the end of data). */
    public boolean accepted() {
        return finalReply.startsWith("2");
    }

    @Override
    public String toString() {
        return "#" + connection + " message from <" + from + "> to " + recipients + ", " + content.length + " bytes"
                + (tls ? " over " + tlsProtocol : " in PLAINTEXT") + (chunks.isEmpty() ? " by DATA" : " in " + chunks.size() + " BDAT chunks")
                + ", final reply " + (finalReply.isEmpty() ? "none" : "'" + finalReply + "'");
    }
}
