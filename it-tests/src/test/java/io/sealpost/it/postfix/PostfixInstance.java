package io.sealpost.it.postfix;

import io.sealpost.it.support.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A Postfix of Debian's packages run for one test class: its own config_directory, queue_directory
 * and log under {@code it-tests/target}, three smtpd listeners on loopback, and a virtual mailbox (a
 * Maildir) that every recipient in {@value #DOMAIN} is delivered to. Nothing of the system's Postfix
 * set-up is used or changed.
 *
 * <ul>
 * <li>{@link #opportunisticPort()}: STARTTLS offered, not required ({@code smtpd_tls_security_level=may});</li>
 * <li>{@link #submissionPort()}: STARTTLS required ({@code encrypt}), AUTH PLAIN/LOGIN only inside TLS
 *     against a Cyrus sasldb, recipients only for authenticated clients;</li>
 * <li>{@link #clientCertificatePort()}: STARTTLS and a client certificate from the test CA required
 *     ({@code smtpd_tls_req_ccert}), recipients only for such clients.</li>
 * </ul>
 */
final class PostfixInstance implements AutoCloseable {
    static final String DOMAIN = "sealpost.test";
    static final String SASL_USER = "app@" + DOMAIN;
    static final String SASL_PASSWORD = "s3cret-postfix";
    private static final Path POSTFIX = Path.of("/usr/sbin/postfix");
    private static final Path SASLPASSWD = Path.of("/usr/sbin/saslpasswd2");

    private final Path root;
    private final int opportunisticPort;
    private final int submissionPort;
    private final int clientCertificatePort;

    private PostfixInstance(Path root) throws IOException {
        this.root = root;
        this.opportunisticPort = freePort();
        this.submissionPort = freePort();
        this.clientCertificatePort = freePort();
    }

    /** Why Postfix cannot run here, or empty when it can. */
    static Optional<String> unavailableBecause() {
        if (!Files.isExecutable(POSTFIX) || !Files.isExecutable(SASLPASSWD)) {
            return Optional.of("Postfix or saslpasswd2 is not installed (/usr/sbin/postfix, /usr/sbin/saslpasswd2): "
                    + "run .ci/it-setup (Debian packages postfix, sasl2-bin, libsasl2-modules)");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("Postfix's master must be started as root; these tests run as "
                    + System.getProperty("user.name"));
        }
        return Optional.empty();
    }

    static PostfixInstance start(Path root, TestPki pki) throws IOException, InterruptedException {
        PostfixInstance postfix = new PostfixInstance(root);
        postfix.configure(pki);
        postfix.run(Duration.ofSeconds(60), POSTFIX.toString(), "-c", postfix.config().toString(), "start");
        postfix.awaitListening();
        return postfix;
    }

    int opportunisticPort() { return opportunisticPort; }
    int submissionPort() { return submissionPort; }
    int clientCertificatePort() { return clientCertificatePort; }
    Path maillog() { return root.resolve("maillog"); }
    private Path config() { return root.resolve("config"); }
    private Path maildir() { return root.resolve("mail/inbox"); }

    private void configure(TestPki pki) throws IOException, InterruptedException {
        // Postfix's daemons run as the postfix user and must traverse the root (a temp dir is 0700).
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(config());
        Files.createDirectories(root.resolve("queue"));
        Files.createDirectories(root.resolve("data"));
        Files.createDirectories(config().resolve("sasl"));
        Files.createDirectories(root.resolve("mail"));
        UserPrincipalLookupService users = root.getFileSystem().getUserPrincipalLookupService();
        // The virtual delivery agent writes as the postfix user; postfix owns its data directory.
        for (Path owned : List.of(root.resolve("mail"), root.resolve("data"))) {
            Files.setOwner(owned, users.lookupPrincipalByName("postfix"));
            Files.getFileAttributeView(owned, PosixFileAttributeView.class).setGroup(users.lookupPrincipalByGroupName("postfix"));
        }
        int uid = (Integer) Files.getAttribute(root.resolve("mail"), "unix:uid");
        int gid = (Integer) Files.getAttribute(root.resolve("mail"), "unix:gid");

        Files.writeString(config().resolve("main.cf"), String.join("\n",
                "compatibility_level = 3.6",
                "queue_directory = " + root.resolve("queue"),
                "data_directory = " + root.resolve("data"),
                "mail_owner = postfix",
                "setgid_group = postdrop",
                "myhostname = postfix." + DOMAIN,
                "mydomain = " + DOMAIN,
                "myorigin = $mydomain",
                "mydestination =",
                "local_recipient_maps =",
                "relayhost =",
                "inet_interfaces = 127.0.0.1",
                "inet_protocols = ipv4",
                "mynetworks = 127.0.0.0/8",
                "maillog_file = " + maillog(),
                "maillog_file_prefixes = " + root,
                "smtputf8_enable = yes",
                "message_size_limit = 52428800",
                "virtual_mailbox_domains = " + DOMAIN,
                "virtual_mailbox_base = " + root.resolve("mail"),
                "virtual_mailbox_maps = static:inbox/",
                "virtual_uid_maps = static:" + uid,
                "virtual_gid_maps = static:" + gid,
                "virtual_minimum_uid = 1",
                "virtual_mailbox_limit = 0",
                "smtpd_tls_chain_files = " + pki.serverKeyPem() + ", " + pki.serverCertPem(),
                "smtpd_tls_CAfile = " + pki.caPem(),
                "smtpd_tls_security_level = may",
                "smtpd_tls_loglevel = 1",
                "smtpd_tls_received_header = yes",
                "smtpd_tls_auth_only = yes",
                "smtpd_sasl_type = cyrus",
                "smtpd_sasl_path = smtpd",
                "cyrus_sasl_config_path = " + config().resolve("sasl"),
                "smtpd_sasl_security_options = noanonymous",
                "smtpd_sasl_authenticated_header = yes",
                "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination",
                "smtp_tls_security_level = none",
                "") + "\n");

        String smtpd = "smtpd -o syslog_name=postfix/%s";
        Files.writeString(config().resolve("master.cf"), String.join("\n",
                "# service type private unpriv chroot wakeup maxproc command",
                "127.0.0.1:" + opportunisticPort + " inet n - n - - " + smtpd.formatted("opportunistic"),
                "  -o smtpd_tls_security_level=may",
                "127.0.0.1:" + submissionPort + " inet n - n - - " + smtpd.formatted("submission"),
                "  -o smtpd_tls_security_level=encrypt",
                "  -o smtpd_sasl_auth_enable=yes",
                "  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject",
                "127.0.0.1:" + clientCertificatePort + " inet n - n - - " + smtpd.formatted("clientcert"),
                "  -o smtpd_tls_security_level=encrypt",
                "  -o smtpd_tls_ask_ccert=yes",
                "  -o smtpd_tls_req_ccert=yes",
                "  -o smtpd_recipient_restrictions=permit_tls_all_clientcerts,reject",
                "cleanup   unix n - n - 0 cleanup",
                "qmgr      unix n - n 300 1 qmgr",
                "tlsmgr    unix - - n 1000? 1 tlsmgr",
                "rewrite   unix - - n - - trivial-rewrite",
                "bounce    unix - - n - 0 bounce",
                "defer     unix - - n - 0 bounce",
                "trace     unix - - n - 0 bounce",
                "verify    unix - - n - 1 verify",
                "flush     unix n - n 1000? 0 flush",
                "proxymap  unix - - n - - proxymap",
                "proxywrite unix - - n - 1 proxymap",
                "smtp      unix - - n - - smtp",
                "relay     unix - - n - - smtp",
                "showq     unix n - n - - showq",
                "error     unix - - n - - error",
                "retry     unix - - n - - error",
                "discard   unix - - n - - discard",
                "local     unix - n n - - local",
                "virtual   unix - n n - - virtual",
                "lmtp      unix - - n - - lmtp",
                "anvil     unix - - n - 1 anvil",
                "scache    unix - - n - 1 scache",
                "postlog   unix-dgram n - n - 1 postlogd",
                "") + "\n");

        // Cyrus SASL: Debian's smtpd reads <config_directory>/sasl/smtpd.conf (whatever cyrus_sasl_config_path
        // says); users live in a sasldb of our own.
        Path sasldb = config().resolve("sasl/sasldb2");
        Files.writeString(config().resolve("sasl/smtpd.conf"), String.join("\n",
                "pwcheck_method: auxprop",
                "auxprop_plugin: sasldb",
                "mech_list: PLAIN LOGIN",
                "sasldb_path: " + sasldb,
                ""));
        String[] user = SASL_USER.split("@");
        ProcessBuilder saslpasswd = new ProcessBuilder(SASLPASSWD.toString(), "-p", "-c", "-f", sasldb.toString(),
                "-u", user[1], user[0]);
        run(saslpasswd, SASL_PASSWORD + "\n", Duration.ofSeconds(30));
        // root-owned (postfix check insists), readable by smtpd through the postfix group
        Files.getFileAttributeView(sasldb, PosixFileAttributeView.class).setGroup(users.lookupPrincipalByGroupName("postfix"));
        Files.setPosixFilePermissions(sasldb, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
    }

    /** Waits, with a deadline, until the three listeners accept connections. */
    private void awaitListening() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        for (int port : new int[] {opportunisticPort, submissionPort, clientCertificatePort}) {
            while (true) {
                try (java.net.Socket probe = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
                    break;
                } catch (IOException notYet) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("Postfix does not listen on " + port + "; log:\n" + logText());
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    /**
     * The delivered message whose first 64 KiB contain {@code token} (put it in the Subject), waiting up
     * to {@code timeout} for Postfix to deliver it.
     */
    Path awaitDeliveryOf(String token, Duration timeout) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (Path file : delivered()) {
                if (head(file).contains(token)) {
                    return file;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no message with " + token + " delivered to " + maildir() + " within " + timeout
                + "; log:\n" + logText());
    }

    private static String head(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return new String(in.readNBytes(65536), StandardCharsets.UTF_8);
        }
    }

    /** Delivered messages, oldest first. */
    List<Path> delivered() throws IOException {
        Path fresh = maildir().resolve("new");
        if (!Files.isDirectory(fresh)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(fresh)) {
            return files.sorted(Comparator.comparing((Path p) -> {
                try {
                    return Files.getLastModifiedTime(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).thenComparing(Path::toString)).toList();
        }
    }

    /** Waits until the log has a line that {@code wanted} accepts, and returns it. */
    String awaitLogLine(Predicate<String> wanted, String description, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<String> line = logLines().stream().filter(wanted).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Postfix logged no line with " + description + " within " + timeout + "; log:\n" + logText());
    }

    List<String> logLines() {
        try {
            return Files.exists(maillog()) ? Files.readAllLines(maillog(), StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String logText() {
        return String.join("\n", logLines());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(Duration.ofSeconds(60), POSTFIX.toString(), "-c", config().toString(), "stop");
    }

    private void run(Duration timeout, String... command) throws IOException, InterruptedException {
        run(new ProcessBuilder(command), null, timeout);
    }

    private static void run(ProcessBuilder command, String input, Duration timeout) throws IOException, InterruptedException {
        command.redirectErrorStream(true);
        Process process = command.start();
        if (input != null) {
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command.command() + " did not finish within " + timeout);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command.command() + " failed (" + process.exitValue() + "): " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
