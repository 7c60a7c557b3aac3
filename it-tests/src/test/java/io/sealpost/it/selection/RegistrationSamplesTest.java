package io.sealpost.it.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The registration files in META-INF-samples are the ones the provider jar ships, byte for byte. */
class RegistrationSamplesTest {

    @ParameterizedTest
    @ValueSource(strings = {"META-INF/javamail.providers", "META-INF/jakarta.providers",
            "META-INF/services/jakarta.mail.Provider"})
    void sampleRegistrationFileIsTheProvidersOwn(String file) throws IOException {
        Path sample = Path.of(System.getProperty("sealpost.samples.dir", "../META-INF-samples"), "registration", file);
        Path shipped = Path.of(System.getProperty("sealpost.provider.resources", "../provider/src/main/resources"), file);
        assertEquals(Files.readString(shipped), Files.readString(sample),
                sample + " differs from " + shipped + ": copy the provider's file again");
    }
}
