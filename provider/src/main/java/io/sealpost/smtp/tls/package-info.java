/**
 * TLS for Sealpost: the engine (Conscrypt, or the JDK's SunJSSE), trust anchors, the client identity,
 * certificate verification, pins and session resumption. The transport uses {@link
 * io.sealpost.smtp.tls.TlsClient} (one per Jakarta Mail Session) and reads {@link
 * io.sealpost.smtp.tls.TlsConnection}; the command line prints {@link io.sealpost.smtp.tls.Pins#pinOf}.
 * Everything else is package-private.
 *
 * <h2>Decisions where SPEC.md is silent</h2>
 * <ul>
 * <li><b>Who judges certificates.</b> Sealpost, not the engine: {@code ServerCertificateVerifier} builds the
 *     path, checks dates, key sizes, signature algorithms, runs the JDK's PKIX validator on the path, then
 *     {@code ServerIdentity} the name, then the pins. No endpoint identification algorithm is set: Conscrypt
 *     checks names only for {@code HTTPS}, and one implementation of the rules serves both engines.</li>
 * <li><b>The subject CN is never a name</b> (RFC 9525 §6.3), even without a DNS subjectAltName. A private CA
 *     whose certificates carry only a CN needs {@code tls.verify=chain} or pins.</li>
 * <li><b>No revocation checking</b> (no OCSP, no CRL): it would send traffic to third parties during an SMTP
 *     session, and soft-fail revocation protects little. Short-lived certificates and pins are the answer.</li>
 * <li><b>Pins</b> are matched against the chain the server sent and, with {@code full} or {@code chain}, the
 *     trust anchor the path ended at, so a root that servers do not send can be pinned.</li>
 * <li><b>{@code tls.verify=fingerprint}</b> checks only the pins: not dates, not names, not the chain.</li>
 * <li><b>{@code ssl.trust} hosts</b> are treated as {@code tls.verify=none} for that host: encrypted,
 *     "not checked", never "verified".</li>
 * <li><b>Client certificates are credentials</b>: presented only when the server asks, always the configured
 *     alias whatever key types or issuers the server lists, and withheld from a server whose certificate was
 *     rejected on an opportunistic connection, unless {@code auth.insecure=true} (SPEC §4.2). With {@code
 *     tls.verify=none} or an {@code ssl.trust} host the user chose to trust the server: it is presented.</li>
 * <li><b>A keystore and PEM files together</b> ({@code tls.keystore} and {@code tls.cert}) are refused rather
 *     than one silently preferred.</li>
 * </ul>
 *
 * <h2>Session resumption</h2>
 * One {@code SSLContext}, hence one client session cache, per {@code TlsClient}; sessions are keyed by the
 * host (or {@code tls.servername}) and port. A handshake counts as resumed when the engine never asked the
 * trust manager about a certificate: both engines ask on every full handshake and never on an abbreviated
 * one. Session IDs cannot tell (TLS 1.3 has none in Conscrypt, and the JDK makes a new one on TLS 1.3
 * resumption) and neither can creation times (whole seconds in BoringSSL). Resumed sessions are judged from
 * their stored peer certificates like new ones; a rejected session is never offered again (the whole cache
 * is replaced: {@code SSLSession.invalidate()} misses Conscrypt sessions renewed by a TLS 1.2 ticket).
 * TLS 1.3 tickets arrive after the handshake and are stored when the client next reads, so resumption needs
 * the previous connection to have read at least one reply, which every SMTP session does.
 */
package io.sealpost.smtp.tls;
