package io.sealpost.smtp;

import io.sealpost.smtp.config.SmtpSettings;
import io.sealpost.smtp.config.TlsSettings;
import io.sealpost.smtp.tls.TlsClient;
import jakarta.mail.Session;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One {@link TlsClient} per Jakarta Mail Session and TLS configuration, so every connection of a Session
 * shares trust material and the TLS session cache (resumption, SPEC §7). Weak keys: a Session that is
 * no longer used takes its TLS state with it.
 */
final class TlsClients {
    private static final Map<Session, Map<Key, TlsClient>> CLIENTS = new WeakHashMap<>();

    private record Key(String protocol, TlsSettings settings) {
    }

    private TlsClients() {
    }

    static synchronized TlsClient forSession(Session session, SmtpSettings settings) throws InvalidConfigurationException {
        Map<Key, TlsClient> clients = CLIENTS.computeIfAbsent(session, ignored -> new HashMap<>());
        Key key = new Key(settings.protocol(), settings.tls());
        TlsClient client = clients.get(key);
        if (client == null) {
            client = TlsClient.create(settings.tls(), "mail." + settings.protocol() + ".");
            clients.put(key, client);
        }
        return client;
    }
}
