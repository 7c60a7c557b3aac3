package io.sealpost.smtp.config;

import io.sealpost.smtp.InvalidConfigurationException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The Session properties of one protocol, read with types and validated: every read either returns a
 * usable value or throws an {@link InvalidConfigurationException} naming the full key and showing
 * what was expected and what was seen.
 *
 * <p>Reading follows Angus's {@code PropUtil}: {@code properties.get} first, so that an application
 * may put a {@code Boolean} or {@code Integer}, then {@code getProperty}, so that defaults chained
 * into the {@link Properties} are seen. Unlike Angus, a value that is not understood is an error,
 * never a silent default. Values are trimmed (a trailing space in a properties file is a classic
 * mistake) and an empty value counts as unset, as it does for most keys in Angus (templated
 * configuration such as {@code ${MAIL_HOST:}} produces empty values). Secrets are neither trimmed
 * nor ever shown in a message.
 */
final class SessionProperties {
    private static final Pattern LIST_SEPARATORS = Pattern.compile("[,\\s]+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final Properties properties;
    private final String protocol;

    SessionProperties(Properties properties, String protocol) {
        this.properties = properties;
        this.protocol = protocol;
    }

    String protocol() {
        return protocol;
    }

    /** The full property name, for example {@code mail.smtp.tls.policy}. */
    String key(String name) {
        return "mail." + protocol + "." + name;
    }

    /** Every property name whose value is visible, including chained defaults and non-String values. */
    Set<String> names() {
        Set<String> names = new TreeSet<>(properties.stringPropertyNames());
        for (Object key : properties.keySet()) {
            if (key instanceof String name) {
                names.add(name);
            }
        }
        return names;
    }

    /** The value as the application put it, or null. */
    Object raw(String fullKey) {
        Object value = properties.get(fullKey);
        return value != null ? value : properties.getProperty(fullKey);
    }

    /** Whether the key is present with a non-empty value (of any type). */
    boolean isSet(String fullKey) {
        return textOrNull(fullKey) != null;
    }

    /**
     * A plain text value, trimmed; null when unset or empty. Control characters are refused: most of
     * these values end up in SMTP command lines, where a CR or LF would inject a command.
     */
    String text(String fullKey) throws InvalidConfigurationException {
        String value = textOrNull(fullKey);
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw invalid(fullKey, "must not contain control characters (CR, LF, NUL...)"
                        + " because it would be sent inside an SMTP command line; was " + shown(fullKey, value)
                        .replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0"));
            }
        }
        return value;
    }

    /** A password or token, exactly as given (no trimming: spaces may be part of it); null when unset. */
    Secret secret(String fullKey) {
        Object value = raw(fullKey);
        if (value == null) {
            return null;
        }
        if (value instanceof char[] chars) {
            return Secret.of(new String(chars));
        }
        return Secret.of(value.toString());
    }

    /** {@code true} or {@code false}, case-insensitive; {@code fallback} when unset. */
    boolean flag(String fullKey, boolean fallback) throws InvalidConfigurationException {
        Boolean value = flag(fullKey);
        return value != null ? value : fallback;
    }

    /** {@code true} or {@code false}, case-insensitive; null when unset. */
    Boolean flag(String fullKey) throws InvalidConfigurationException {
        Object raw = raw(fullKey);
        if (raw instanceof Boolean value) {
            return value;
        }
        String value = textOrNull(fullKey);
        if (value == null) {
            return null;
        }
        if (value.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (value.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw invalid(fullKey, "must be true or false; was " + shown(fullKey, value)
                + " (Angus Mail reads any other value as false or as the default; Sealpost refuses to guess)");
    }

    /**
     * A decimal integer (or {@code 0x} hexadecimal, as Angus's {@code PropUtil} accepts), or an
     * {@link Integer}; null when unset.
     */
    Integer integer(String fullKey, String expected) throws InvalidConfigurationException {
        Object raw = raw(fullKey);
        if (raw instanceof Integer value) {
            return value;
        }
        String value = textOrNull(fullKey);
        if (value == null) {
            return null;
        }
        try {
            if (value.startsWith("0x") || value.startsWith("0X")) {
                return Integer.parseInt(value.substring(2), 16);
            }
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw invalid(fullKey, "must be " + expected + "; was " + shown(fullKey, value));
        }
    }

    /** A TCP port, 1–65535; null when unset. */
    Integer port(String fullKey) throws InvalidConfigurationException {
        String expected = "a port number from 1 to 65535";
        Integer port = integer(fullKey, expected);
        if (port != null && (port < 1 || port > 65535)) {
            throw invalid(fullKey, "must be " + expected + "; was " + port);
        }
        return port;
    }

    /**
     * A timeout in milliseconds. Angus reads 0, a negative number or an unparsable value as "wait
     * forever"; a silent infinite wait is how a stuck server hangs an application thread, so every
     * phase has a finite limit here (SPEC §4.6).
     */
    Duration timeout(String fullKey, Duration fallback) throws InvalidConfigurationException {
        String expected = "a positive number of milliseconds (Sealpost never waits forever, so 0 and"
                + " negative values, which mean 'infinite' in Angus Mail, are refused; leave the key unset"
                + " for the default of " + fallback.toMillis() + ")";
        Integer millis = integer(fullKey, expected);
        if (millis == null) {
            return fallback;
        }
        if (millis <= 0) {
            throw invalid(fullKey, "must be " + expected + "; was " + millis);
        }
        return Duration.ofMillis(millis);
    }

    /** One of the constants of {@code type}, case-insensitive; {@code fallback} when unset. */
    <E extends Enum<E>> E choice(String fullKey, Class<E> type, E fallback) throws InvalidConfigurationException {
        String value = text(fullKey);
        if (value == null) {
            return fallback;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(constant.name().toLowerCase(Locale.ROOT));
        }
        throw invalid(fullKey, "must be one of " + String.join(", ", allowed) + "; was " + shown(fullKey, value));
    }

    /**
     * Items separated by commas and/or whitespace (Angus separates with spaces, many users with
     * commas), in order, without duplicates; null when unset.
     */
    List<String> list(String fullKey) throws InvalidConfigurationException {
        return list(fullKey, LIST_SEPARATORS);
    }

    /** Items separated by whitespace only, in order, without duplicates; null when unset. */
    List<String> words(String fullKey) throws InvalidConfigurationException {
        return list(fullKey, WHITESPACE);
    }

    private List<String> list(String fullKey, Pattern separators) throws InvalidConfigurationException {
        // Line breaks and tabs are separators here, not injection: the items are validated one by one.
        String value = textOrNull(fullKey);
        if (value == null) {
            return null;
        }
        Set<String> items = new LinkedHashSet<>();
        for (String item : separators.split(value)) {
            if (!item.isEmpty()) {
                items.add(item);
            }
        }
        if (items.isEmpty()) {
            throw invalid(fullKey, "must list at least one item; was " + shown(fullKey, value));
        }
        return List.copyOf(items);
    }

    /** A readable regular file; null when unset. Paths are not secret, so they are shown. */
    Path file(String fullKey) throws InvalidConfigurationException {
        String value = text(fullKey);
        return value == null ? null : existingFile(fullKey, value);
    }

    static Path existingFile(String fullKey, String value) throws InvalidConfigurationException {
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            throw invalid(fullKey, "must be a file path; was '" + value + "' (" + e.getReason() + ")");
        }
        if (!Files.exists(path)) {
            throw fileProblem(fullKey, "file not found: " + path.toAbsolutePath());
        }
        if (!Files.isRegularFile(path)) {
            throw fileProblem(fullKey, "not a regular file (a directory?): " + path.toAbsolutePath());
        }
        if (!Files.isReadable(path)) {
            throw fileProblem(fullKey, "file not readable by this process: " + path.toAbsolutePath());
        }
        return path;
    }

    private static InvalidConfigurationException fileProblem(String fullKey, String problem) {
        return new InvalidConfigurationException(fullKey, fullKey + ": " + problem);
    }

    static InvalidConfigurationException invalid(String fullKey, String problem) {
        return new InvalidConfigurationException(fullKey, fullKey + " " + problem);
    }

    /**
     * A value quoted for a message, or a placeholder for a secret (SPEC §4.8). Every key whose name
     * says password is a secret; callers never quote secrets, this is the second line of defence.
     */
    static String shown(String fullKey, Object value) {
        if (fullKey.toLowerCase(Locale.ROOT).contains("password")) {
            return "(a value, not shown because it is secret)";
        }
        return "'" + value + "'";
    }

    private String textOrNull(String fullKey) {
        Object value = raw(fullKey);
        if (value == null) {
            return null;
        }
        String text = value.toString().trim();
        return text.isEmpty() ? null : text;
    }
}
