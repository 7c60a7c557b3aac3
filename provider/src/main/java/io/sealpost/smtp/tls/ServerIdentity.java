package io.sealpost.smtp.tls;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a server certificate is for the name the client meant to reach: the reference identity of
 * RFC 6125, as profiled for SMTP by RFC 7817 §3 (the name the client was configured with, or
 * {@code tls.servername}; never a name learnt from DNS MX records or the server's greeting).
 *
 * <p>The rules, strictest reading of RFC 6125 and its successor RFC 9525:
 * <ul>
 * <li>A DNS name is matched only against DNS-ID subjectAltName entries. The subject's CN is never used,
 *     even when there is no DNS-ID (RFC 9525 §6.3; CAs must put every name in the SAN since 2012).</li>
 * <li>{@code *} is honoured only as the whole left-most label of a name with at least two labels after
 *     it: {@code *.example.com} matches {@code mail.example.com}, never {@code example.com} nor
 *     {@code a.b.example.com}; {@code f*.example.com} matches nothing (RFC 9525 §6.3, RFC 6125 §6.4.3).</li>
 * <li>An IP literal is matched only against iPAddress entries, compared as addresses (RFC 9525 §6.2.1).</li>
 * <li>Case-insensitive; one trailing dot on either side is ignored; internationalised names are compared
 *     as A-labels (RFC 6125 §6.4.2).</li>
 * </ul>
 */
final class ServerIdentity {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private ServerIdentity() {
    }

    static boolean matches(X509Certificate certificate, String referenceName) {
        return mismatch(certificate, referenceName).isEmpty();
    }

    /** Empty when the certificate is for {@code referenceName}; otherwise what it is for, and why that is not enough. */
    static Optional<String> mismatch(X509Certificate certificate, String referenceName) {
        List<List<?>> names = subjectAltNames(certificate);
        byte[] address = ipLiteral(referenceName);
        if (address != null) {
            for (List<?> san : names) {
                if (type(san) == SAN_IP && Arrays.equals(address, ipLiteral(String.valueOf(san.get(1))))) {
                    return Optional.empty();
                }
            }
        } else {
            String reference = dnsName(referenceName);
            if (reference != null && reference.indexOf('*') >= 0) {
                reference = null; // a reference identity is a name, never a pattern
            }
            for (List<?> san : names) {
                if (reference != null && type(san) == SAN_DNS && dnsMatches(String.valueOf(san.get(1)), reference)) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(explain(certificate, names, referenceName, address != null));
    }

    /** The IP address a host string spells ({@code 192.0.2.1}, {@code 2001:db8::1}, {@code [::1]}), or null for a name. */
    static byte[] ipLiteral(String host) {
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        var v4 = IPV4.matcher(literal);
        if (v4.matches()) {
            byte[] address = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(v4.group(i + 1));
                if (octet > 255) {
                    return null;
                }
                address[i] = (byte) octet;
            }
            return address;
        }
        if (IPV6.matcher(literal).matches()) {
            try {
                // in brackets InetAddress parses an IPv6 literal or fails; it never falls back to a DNS query
                return InetAddress.getByName("[" + literal + "]").getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }

    private static boolean dnsMatches(String presented, String reference) {
        String pattern = dnsName(presented);
        if (pattern == null) {
            return false;
        }
        if (pattern.indexOf('*') < 0) {
            return pattern.equals(reference);
        }
        if (!pattern.startsWith("*.") || pattern.indexOf('*', 1) >= 0) {
            return false; // partial ("f*.example.com") or not left-most ("mail.*.com")
        }
        String parent = pattern.substring(1); // ".example.com"
        if (parent.indexOf('.', 1) < 0) {
            return false; // "*.com": a wildcard for a whole top-level domain
        }
        if (!reference.endsWith(parent)) {
            return false;
        }
        String label = reference.substring(0, reference.length() - parent.length());
        return !label.isEmpty() && label.indexOf('.') < 0;
    }

    /** Lower-case A-label form without the trailing dot, or null if it is not a usable DNS name. */
    private static String dnsName(String name) {
        String withoutDot = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (withoutDot.isEmpty()) {
            return null;
        }
        try {
            return IDN.toASCII(withoutDot, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notADnsName) {
            return null;
        }
    }

    private static String explain(X509Certificate certificate, List<List<?>> names, String reference, boolean ip) {
        List<String> listed = new ArrayList<>();
        boolean hasDns = false;
        boolean partialWildcard = false;
        for (List<?> san : names) {
            String value = String.valueOf(san.get(1));
            switch (type(san)) {
                case SAN_DNS -> {
                    listed.add("DNS:" + value);
                    hasDns = true;
                    partialWildcard |= value.indexOf('*') >= 0 && !value.startsWith("*.");
                }
                case SAN_IP -> listed.add("IP:" + value);
                default -> {
                    // URI, email, … identify no TLS server
                }
            }
        }
        StringBuilder message = new StringBuilder("the certificate is for ")
                .append(listed.isEmpty() ? "no DNS name or IP address" : listed)
                .append(", not for ").append(reference);
        if (ip) {
            message.append(" (an IP address matches only an IP address entry, never a DNS name)");
        } else if (!hasDns) {
            message.append(" (its subject ").append(certificate.getSubjectX500Principal().getName())
                    .append(" is not used: names must be in the subjectAltName, RFC 9525 §6.3)");
        } else if (partialWildcard) {
            message.append(" (a wildcard counts only as the whole left-most label, like *.example.com)");
        }
        return message.toString();
    }

    private static List<List<?>> subjectAltNames(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            return names == null ? List.of() : List.copyOf(names);
        } catch (CertificateParsingException unparseable) {
            return List.of();
        }
    }

    private static int type(List<?> san) {
        return san.get(0) instanceof Integer type ? type : -1;
    }
}
