package io.sealpost.smtp.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The servers the command line is tested against, each a line: one CA, and a {@link DemoSmtpServer}
 * per scenario with the certificate or behaviour the scenario attacks. Closes every server it started.
 */
final class LoopbackServers implements AutoCloseable {
    final ThrowawayCa ca = ThrowawayCa.create("Sealpost test CA");
    final Path caPem;
    private final List<DemoSmtpServer> started = new ArrayList<>();

    LoopbackServers(Path directory) throws IOException {
        caPem = directory.resolve("ca.pem");
        ThrowawayCa.writePem(caPem, ca.certificate());
    }

    ThrowawayCa.Issued localhost() {
        return ca.issue("localhost").dnsNames("localhost").ipAddresses("127.0.0.1").issue();
    }

    DemoSmtpServer good() throws IOException {
        return start(localhost(), true, false);
    }

    DemoSmtpServer expired() throws IOException {
        Instant now = Instant.now();
        return start(ca.issue("localhost").dnsNames("localhost").ipAddresses("127.0.0.1")
                .validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))).issue(), true, false);
    }

    DemoSmtpServer wrongName() throws IOException {
        return start(ca.issue("mail.example.com").dnsNames("mail.example.com").issue(), true, false);
    }

    DemoSmtpServer untrusted() throws IOException {
        return start(ThrowawayCa.create("Somebody else's CA").issue("localhost").dnsNames("localhost")
                .ipAddresses("127.0.0.1").issue(), true, false);
    }

    DemoSmtpServer withoutStartTls() throws IOException {
        return start(localhost(), false, false);
    }

    DemoSmtpServer implicitTls() throws IOException {
        return start(localhost(), false, true);
    }

    private DemoSmtpServer start(ThrowawayCa.Issued identity, boolean startTls, boolean implicit) throws IOException {
        DemoSmtpServer server = DemoSmtpServer.start(new DemoSmtpServer.Options(identity, startTls, implicit));
        started.add(server);
        return server;
    }

    /** -P options every test passes: trust the test CA, verify the name "localhost", short timeouts. */
    List<String> trustAndTimeouts() {
        return List.of("-Pmail.smtp.tls.trustcerts=" + caPem, "-Pmail.smtp.tls.servername=localhost",
                "-Pmail.smtp.connectiontimeout=5000", "-Pmail.smtp.timeout=10000", "-Pmail.smtp.writetimeout=10000");
    }

    @Override
    public void close() {
        started.forEach(DemoSmtpServer::close);
    }
}
