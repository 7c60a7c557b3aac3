package io.sealpost.it.selection;

import jakarta.mail.Authenticator;

/**
 * An application's own {@link Authenticator}. {@code Session.getInstance(props, authenticator)} looks
 * for providers through the authenticator's class loader, which is how an application whose loader
 * the mail API does not search (mail-api 2.1.4 in a WAR) still makes its Sealpost jar visible.
 */
public final class AppAuthenticator extends Authenticator {
}
