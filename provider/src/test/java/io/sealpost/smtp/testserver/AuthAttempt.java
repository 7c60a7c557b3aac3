package io.sealpost.smtp.testserver;

/**
 * Credentials a client sent in an AUTH exchange, decoded.
 *
 * @param connection      the connection's index
 * @param mechanism       {@code PLAIN}, {@code LOGIN} or {@code XOAUTH2}
 * @param authorizationId the PLAIN authorization identity, empty when absent or not PLAIN
 * @param username        the authentication identity
 * @param secret          the password, or the bearer token for XOAUTH2
 * @param tls             whether the exchange ran inside TLS
 * @param accepted        whether the server answered 235
 */
public record AuthAttempt(int connection, String mechanism, String authorizationId, String username, String secret,
                          boolean tls, boolean accepted) {

    @Override
    public String toString() {
        return "#" + connection + " AUTH " + mechanism + " as " + username + (tls ? " over TLS" : " in PLAINTEXT")
                + (accepted ? ", accepted" : ", rejected");
    }
}
