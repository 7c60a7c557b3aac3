package io.sealpost.smtp.tls;

import io.sealpost.smtp.CertificateRejectedException.Reason;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@link ServerCertificateVerifier} concluded about one server chain.
 *
 * @param status      verified, not checked (verification is off for this host), or rejected
 * @param reason      why it was rejected; null unless {@link Status#REJECTED}
 * @param explanation what was expected and what was seen; empty when verified
 */
record Verdict(Status status, Reason reason, String explanation) {
    enum Status { VERIFIED, NOT_CHECKED, REJECTED }

    private static final Verdict VERIFIED = new Verdict(Status.VERIFIED, null, "");

    static Verdict verified() {
        return VERIFIED;
    }

    static Verdict notChecked(String why) {
        return new Verdict(Status.NOT_CHECKED, null, why);
    }

    static Verdict rejected(Reason reason, String explanation) {
        return new Verdict(Status.REJECTED, reason, explanation);
    }

    boolean isVerified() {
        return status == Status.VERIFIED;
    }

    boolean isRejected() {
        return status == Status.REJECTED;
    }

    /** For {@link TlsConnection#verificationFailure()}: empty when verified, else a sentence for a person. */
    Optional<String> failure() {
        return switch (status) {
            case VERIFIED -> Optional.empty();
            case NOT_CHECKED -> Optional.of("not checked: " + explanation);
            case REJECTED -> Optional.of(describe(reason) + ": " + explanation);
        };
    }

    static String describe(Reason reason) {
        return reason.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
