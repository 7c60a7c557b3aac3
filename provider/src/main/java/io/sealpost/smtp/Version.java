package io.sealpost.smtp;

/** The vendor string and version every registration mechanism reports. */
final class Version {
    static final String VENDOR = "Sealpost";
    static final String VERSION = versionFromManifest();

    private Version() {
    }

    private static String versionFromManifest() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
