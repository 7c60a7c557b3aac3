package io.sealpost.smtp.config;

import static io.sealpost.smtp.config.SessionProperties.invalid;
import static io.sealpost.smtp.config.SessionProperties.shown;

import io.sealpost.smtp.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code auth.mechanisms} and {@code auth.<mech>.disable} to the SASL mechanisms Sealpost will try, in
 * preference order.
 *
 * <p>As in Angus, the list defaults to {@value #ANGUS_DEFAULT}, unknown names are skipped, and
 * XOAUTH2 is disabled by default only when the list is defaulted: an application that lists XOAUTH2
 * explicitly (the usual OAuth set-up) gets it without {@code auth.xoauth2.disable=false}. Unlike
 * Angus, which reads the {@code .disable} keys only for the default list, an explicit
 * {@code auth.<mech>.disable=true} is honoured in every case: the user asked for it.
 */
final class AuthMechanismsParser {
    static final String ANGUS_DEFAULT = "LOGIN PLAIN DIGEST-MD5 NTLM XOAUTH2";
    /** Implemented by Sealpost, in the order they are named in messages. */
    private static final List<String> IMPLEMENTED = List.of("PLAIN", "LOGIN", "XOAUTH2");
    /** Angus mechanisms whose disable key is accepted (disabling what is never used is harmless). */
    private static final List<String> DISABLE_KEYS = List.of("LOGIN", "PLAIN", "DIGEST-MD5", "NTLM", "XOAUTH2");

    private AuthMechanismsParser() {
    }

    static List<String> parse(SessionProperties properties, boolean auth) throws InvalidConfigurationException {
        String mechanismsKey = properties.key("auth.mechanisms");
        List<String> listed = properties.list(mechanismsKey);
        boolean explicit = listed != null;
        List<String> names = explicit ? listed : List.of(ANGUS_DEFAULT.split(" "));

        List<String> mechanisms = new ArrayList<>();
        for (String name : names) {
            String mechanism = name.toUpperCase(Locale.ROOT);
            if (IMPLEMENTED.contains(mechanism) && !mechanisms.contains(mechanism)) {
                mechanisms.add(mechanism);
            }
        }
        if (explicit && mechanisms.isEmpty()) {
            throw invalid(mechanismsKey, "lists no mechanism Sealpost implements; it supports "
                    + String.join(", ", IMPLEMENTED) + "; was " + shown(mechanismsKey, String.join(" ", listed)));
        }

        List<String> disabledByKey = new ArrayList<>();
        boolean xoauth2OffByDefault = false;
        for (String mechanism : DISABLE_KEYS) {
            String disableKey = properties.key("auth." + mechanism.toLowerCase(Locale.ROOT) + ".disable");
            Boolean disabled = properties.flag(disableKey);
            boolean offByDefault = disabled == null && !explicit && mechanism.equals("XOAUTH2");
            if ((Boolean.TRUE.equals(disabled) || offByDefault) && mechanisms.remove(mechanism)) {
                if (offByDefault) {
                    xoauth2OffByDefault = true;
                } else {
                    disabledByKey.add(disableKey + "=true");
                }
            }
        }
        if (mechanisms.isEmpty() && (explicit || auth)) {
            throw invalid(mechanismsKey, "leaves no mechanism to authenticate with: disabled by "
                    + String.join(", ", disabledByKey)
                    + (xoauth2OffByDefault ? "; XOAUTH2 is off by default as in Angus Mail (list it in "
                    + mechanismsKey + " or set " + properties.key("auth.xoauth2.disable") + "=false)" : ""));
        }
        return mechanisms;
    }
}
