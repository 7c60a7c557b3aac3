package io.sealpost.it.selection;

import java.util.ArrayList;
import java.util.List;

/**
 * One cell of the provider-selection matrix: which jakarta.mail-api, which Jakarta Mail implementation
 * beside it, and where the Sealpost jar sits relative to that implementation.
 */
record SelectionCell(MailApi api, Implementation implementation, Placement placement) {

    enum MailApi {
        V2_1_0("2.1.0"), V2_1_3("2.1.3"), V2_1_4("2.1.4"), V2_1_5("2.1.5");

        final String version;

        MailApi(String version) {
            this.version = version;
        }

        String jar() {
            return "jakarta.mail-api-" + version + ".jar";
        }

        /** 2.1.4 is the first API that recognises Angus 2.x's {@code @DefaultProvider} and so loads it last. */
        boolean knowsAngusDefaultProvider() {
            return compareTo(V2_1_4) >= 0;
        }
    }

    enum Implementation {
        ANGUS_2_0_5("Angus Mail 2.0.5", true, "angus-mail-2.0.5.jar"),
        ANGUS_2_0_3("Angus Mail 2.0.3", true, "angus-mail-2.0.3.jar"),
        ANGUS_CORE_ONLY("angus-core 2.0.5 only (no Angus SMTP)", false, "angus-core-2.0.5.jar"),
        OTHER_STREAM_PROVIDER("no Angus: another StreamProvider", false, TestJars.PLAIN_STREAM_PROVIDER);

        final String label;
        final boolean hasAngusSmtp;
        final String jar;

        Implementation(String label, boolean hasAngusSmtp, String jar) {
            this.label = label;
            this.hasAngusSmtp = hasAngusSmtp;
            this.jar = jar;
        }

        /** Angus 2.0.5 is the first to ship META-INF/jakarta.providers (beside javamail.providers). */
        boolean shipsJakartaProviders() {
            return this == ANGUS_2_0_5;
        }
    }

    enum Placement {
        SEALPOST_FIRST("Sealpost jar first"),
        SEALPOST_LAST("Sealpost jar last"),
        SEALPOST_IN_CHILD_LOADER("Sealpost in a child loader (WAR on a server)");

        final String label;

        Placement(String label) {
            this.label = label;
        }
    }

    /** What the registration files alone achieve in a cell, and what fixes it where Sealpost loses. */
    enum Expected {
        SEALPOST,
        /** Angus wins; {@code mail.smtp.class} selects Sealpost, which is registered. */
        ANGUS_FIXED_BY_MAIL_SMTP_CLASS,
        /** Angus wins and Sealpost is not even registered: only the application's Authenticator (or a server-wide install) helps. */
        ANGUS_SEALPOST_UNSEEN
    }

    static List<SelectionCell> all() {
        List<SelectionCell> cells = new ArrayList<>();
        for (MailApi api : MailApi.values()) {
            for (Implementation implementation : Implementation.values()) {
                for (Placement placement : Placement.values()) {
                    cells.add(new SelectionCell(api, implementation, placement));
                }
            }
        }
        return cells;
    }

    /**
     * Who owns smtp and smtps by the mechanisms of SPEC §2, with no {@code mail.smtp.class}. Sealpost,
     * except where the API's own rules let Angus win:
     * <ul>
     * <li>mail-api 2.1.0–2.1.3 treat Angus 2.x's provider as non-default, so the first one registered wins,
     *     and Angus is seen first when it is later on the class path or in a parent loader;</li>
     * <li>mail-api 2.1.4 in a child loader: it runs ServiceLoader on the loader of the StreamProvider (the
     *     server's), and reads only the first URL of each providers file through the context loader, which
     *     is the parent's when Angus 2.0.5 ships one. Sealpost is then never registered (2.1.5 reads all URLs).</li>
     * </ul>
     */
    Expected expected() {
        if (!implementation.hasAngusSmtp) {
            return Expected.SEALPOST;
        }
        if (api.knowsAngusDefaultProvider()) {
            boolean firstUrlOnly = api == MailApi.V2_1_4;
            return firstUrlOnly && placement == Placement.SEALPOST_IN_CHILD_LOADER && implementation.shipsJakartaProviders()
                    ? Expected.ANGUS_SEALPOST_UNSEEN
                    : Expected.SEALPOST;
        }
        return placement == Placement.SEALPOST_FIRST ? Expected.SEALPOST : Expected.ANGUS_FIXED_BY_MAIL_SMTP_CLASS;
    }

    @Override
    public String toString() {
        return "mail-api " + api.version + ", " + implementation.label + ", " + placement.label;
    }
}
