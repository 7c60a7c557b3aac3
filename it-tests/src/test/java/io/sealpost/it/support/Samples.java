package io.sealpost.it.support;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the files of META-INF-samples as a user would, changing only what names this machine (host,
 * port, certificate files): every other key, the security settings above all, is the sample's own.
 */
public final class Samples {
    private Samples() {
    }

    public static Path directory() {
        return Path.of(System.getProperty("sealpost.samples.dir", "../META-INF-samples"));
    }

    public static Path file(String relative) {
        Path file = directory().resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("sample " + file.toAbsolutePath() + " is missing");
        }
        return file;
    }

    /**
     * The sample's properties with {@code localValues} replacing keys the sample already has; a key the
     * sample lacks is an error, so a test cannot quietly add what the sample forgot.
     */
    public static Properties properties(String relative, Map<String, String> localValues) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file(relative), StandardCharsets.ISO_8859_1)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        localValues.forEach((key, value) -> {
            if (!properties.containsKey(key)) {
                throw new AssertionError(relative + " has no key " + key + " to point at this machine");
            }
            properties.setProperty(key, value);
        });
        return properties;
    }

    /**
     * The sample's text with this machine's values in place of the sample's (host, port, paths); each
     * replaced text must occur, so a test cannot quietly add what the sample forgot.
     */
    public static String text(String relative, Map<String, String> replacements) {
        String text = text(relative);
        for (Map.Entry<String, String> entry : replacements.entrySet()) {
            if (!text.contains(entry.getKey())) {
                throw new AssertionError(relative + " no longer contains " + entry.getKey());
            }
            text = text.replace(entry.getKey(), entry.getValue());
        }
        return text;
    }

    public static String text(String relative) {
        try {
            return Files.readString(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
