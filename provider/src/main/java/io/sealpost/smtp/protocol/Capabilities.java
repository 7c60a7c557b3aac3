package io.sealpost.smtp.protocol;

import io.sealpost.smtp.ProtocolViolationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The service extensions a server announced in its EHLO reply (RFC 5321 §4.1.1.1). Parsed strictly:
 * a keyword that is not an ehlo-keyword is a protocol violation, not something to log and skip.
 * Capabilities from before STARTTLS are never reused after it (RFC 3207 §4.2); a new instance is parsed.
 */
public final class Capabilities {
    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");
    private static final Capabilities NONE = new Capabilities("", Map.of(), List.of());

    private final String greeting;
    private final Map<String, List<String>> extensions;
    private final List<String> lines;

    private Capabilities(String greeting, Map<String, List<String>> extensions, List<String> lines) {
        this.greeting = greeting;
        this.extensions = extensions;
        this.lines = lines;
    }

    /** What a server that only answered HELO offers: nothing. */
    public static Capabilities none() {
        return NONE;
    }

    public static Capabilities parse(Reply ehloReply) throws ProtocolViolationException {
        Map<String, List<String>> extensions = new LinkedHashMap<>();
        List<String> lines = ehloReply.lines();
        for (String line : lines.subList(1, lines.size())) {
            String[] words = line.trim().split(" +");
            if (words.length == 0 || !KEYWORD.matcher(words[0]).matches()) {
                throw new ProtocolViolationException("Malformed EHLO capability line \"" + ReplyReader.printable(line)
                        + "\" (expected an ehlo-keyword, RFC 5321 §4.1.1.1)");
            }
            List<String> parameters = new ArrayList<>(List.of(words).subList(1, words.length));
            extensions.put(words[0].toUpperCase(Locale.ROOT), Collections.unmodifiableList(parameters));
        }
        return new Capabilities(lines.get(0), Collections.unmodifiableMap(extensions),
                List.copyOf(lines.subList(1, lines.size())));
    }

    public boolean supports(String keyword) {
        return extensions.containsKey(keyword.toUpperCase(Locale.ROOT));
    }

    public List<String> parameters(String keyword) {
        return extensions.getOrDefault(keyword.toUpperCase(Locale.ROOT), List.of());
    }

    /** The SASL mechanisms after AUTH, upper case. */
    public Set<String> authMechanisms() {
        Set<String> mechanisms = new java.util.LinkedHashSet<>();
        for (String mechanism : parameters("AUTH")) {
            mechanisms.add(mechanism.toUpperCase(Locale.ROOT));
        }
        return mechanisms;
    }

    /**
     * The SIZE limit (RFC 1870): 0 when SIZE is announced without a limit, -1 when SIZE is not announced.
     */
    public long maxSize() throws ProtocolViolationException {
        if (!supports("SIZE")) {
            return -1;
        }
        List<String> parameters = parameters("SIZE");
        if (parameters.isEmpty()) {
            return 0;
        }
        try {
            long size = Long.parseLong(parameters.get(0));
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new ProtocolViolationException("Malformed SIZE capability \"" + ReplyReader.printable(parameters.get(0))
                    + "\" (expected a non-negative number, RFC 1870)");
        }
    }

    /** The greeting text of the EHLO reply (the server's name). */
    public String greeting() {
        return greeting;
    }

    /** The capability lines as announced, for the TLS report and the command line. */
    public List<String> lines() {
        return lines;
    }

    @Override
    public String toString() {
        return lines.toString();
    }
}
