/**
 * A scriptable SMTP server on 127.0.0.1 for attacking the client, and the records a test asserts on.
 *
 * <p>A scenario is a {@link io.sealpost.smtp.testserver.SmtpTestServer.Builder}: a mode
 * ({@code plain()}, {@code startTls()}, {@code implicitTls()}), what the server advertises, and hooks that
 * replace its answer to one verb. A hook receives the {@link io.sealpost.smtp.testserver.ServerSession}
 * (reply, writeRaw, writeEndlessly, startTlsHandshake, stall, close, proceed) and the
 * {@link io.sealpost.smtp.testserver.Command}. After the client is done, {@code awaitConnectionsEnded(n)}
 * and assert on what arrived: {@code plaintextVerbs()}, {@code transcript()}, {@code messages()},
 * {@code authAttempts()}, {@code connection(i)}. {@code dialogue()} shows both directions for a failure
 * message.
 *
 * <pre>{@code
 * try (SmtpTestServer server = SmtpTestServer.startTls()
 *         .on("STARTTLS", "454 4.7.0 TLS not available").start()) {
 *     assertThrows(StartTlsRefusedException.class, () -> send(server, "mandatory"));
 *     server.awaitConnectionsEnded(1);
 *     assertEquals(List.of("EHLO", "STARTTLS"), server.plaintextVerbs().subList(0, 2));
 *     assertFalse(server.plaintextVerbs().contains("MAIL"));
 * }
 * }</pre>
 *
 * {@link io.sealpost.smtp.testserver.HttpConnectProxy} and {@link io.sealpost.smtp.testserver.Socks5Proxy} are
 * loopback proxies for {@code proxy.*} and {@code socks.*}: they record what the client asked them for and
 * relay to loopback targets only.
 *
 * Certificates come from {@link io.sealpost.smtp.testserver.TestCertificates}; a client trusts
 * {@code TestCertificates.ca()} and connects to {@code server.host()} / {@code server.port()} (the server
 * certificate names mail.test, localhost and 127.0.0.1).
 */
package io.sealpost.smtp.testserver;
