package io.capstan.app.client;

import io.capstan.app.CliRun;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the client commands say when the server is not a healthy {@code capstan run}: not there, not answering, not
 * speaking HTTP or Capstan's JSON, answering without end. Always exit 1 and one line on stderr, never a stack trace.
 */
class ClientFaultsTest {

    private static CliRun status(String server, String... more) {
        String[] args = new String[3 + more.length];
        args[0] = "status";
        args[1] = "--server";
        args[2] = server;
        System.arraycopy(more, 0, args, 3, more.length);
        CliRun r = CliRun.of(args);
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).hasSize(1);
        return r;
    }

    @Test
    void aServerThatIsNotThereIsConnectionRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThat(status("http://127.0.0.1:" + port + "/").err())
                .isEqualTo("capstan status: cannot reach http://127.0.0.1:" + port + ": connection refused; is `capstan run` listening there?\n");
    }

    @Test
    void anUnknownHostIsNamed() {
        assertThat(status("http://no-such-host.invalid:8080").err())
                .isEqualTo("capstan status: cannot reach http://no-such-host.invalid:8080: unknown host no-such-host.invalid\n");
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (RawServer s = new RawServer(RawServer.thenSilent(""))) {
            assertThat(status(s.url(), "--timeout", "300ms").err()).isEqualTo("capstan status: " + s.url()
                    + " did not answer within 300ms; is it a capstan run, and is it overloaded? (--timeout sets the wait)\n");
        }
    }

    @Test
    void anAnswerWhoseBodyNeverEndsTimesOut() throws Exception {
        try (RawServer s = new RawServer(RawServer.thenSilent("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n["))) {
            assertThat(status(s.url(), "--timeout", "300ms").err()).contains(" did not answer within 300ms");
        }
    }

    @Test
    void anAnswerCutShortIsSaidSoNotUnreachable() throws Exception {
        try (RawServer s = new RawServer((in, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[{\"name\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
        })) {
            assertThat(status(s.url()).err()).startsWith("capstan status: the answer from " + s.url() + " was cut short (").doesNotContain("cannot reach");
        }
    }

    @Test
    void anHtmlPageIsNotCapstan() throws Exception {
        try (RawServer s = new RawServer(RawServer.answer(200, "text/html", "<html><head><title>Welcome to nginx!</title></head>\n<body>hi</body></html>"))) {
            assertThat(status(s.url()).err()).isEqualTo("capstan status: " + s.url() + " answered 200 with something that is not Capstan's JSON"
                    + " (\"<html><head><title>Welcome to nginx!</title></head> <body>hi</body></html>\"); is --server the address of capstan run?\n");
        }
    }

    @Test
    void jsonThatIsNoListOfTargetsIsNotCapstan() throws Exception {
        try (RawServer s = new RawServer(RawServer.answer(200, "application/json", "{\"status\": \"ok\"}"))) {
            assertThat(status(s.url()).err()).isEqualTo("capstan status: " + s.url() + " answered GET /api/v1/targets with"
                    + " \"{\"status\": \"ok\"}\", not a list of targets; is --server the address of capstan run?\n");
        }
    }

    @Test
    void anErrorPageIsQuotedShortAndEscaped() throws Exception {
        try (RawServer s = new RawServer(RawServer.answer(502, "text/html", "<h1>Bad \033[2J Gateway</h1>" + "x".repeat(500)))) {
            String err = status(s.url()).err();
            assertThat(err).startsWith("capstan status: " + s.url() + " answered 502: \"<h1>Bad \\u001B[2J Gateway</h1>xxx").endsWith("...\"\n");
            assertThat(err).doesNotContain("\033").hasSizeLessThan(200);
        }
    }

    @Test
    void bytesThatAreNotHttpAreOneLine() throws Exception {
        try (RawServer s = new RawServer((in, out) -> {
            out.write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
        })) {
            String err = status(s.url()).err();
            assertThat(err).startsWith("capstan status: cannot reach " + s.url() + ": ").endsWith("; is `capstan run` listening there?\n");
            assertThat(err).doesNotContainPattern("[A-Z]\\w*(Exception|Error)\\b");
        }
    }

    @Test
    void anEndlessAnswerIsCutAtTheLimit() throws Exception {
        try (RawServer s = new RawServer(RawServer.endless(4L * ApiClient.MAX_ANSWER))) {
            assertThat(status(s.url(), "--timeout", "60s").err()).isEqualTo("capstan status: " + s.url()
                    + " answered GET /api/v1/targets with more than 32 MiB; that is no answer of capstan run: is --server right?\n");
        }
    }

    @Test
    void aTargetOfAServerThatIsNotCapstan() throws Exception {
        try (RawServer s = new RawServer(RawServer.answer(404, "text/plain", "Not Found"))) {
            CliRun r = CliRun.of("history", "worker", "--server", s.url());
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("capstan history: " + s.url() + " answered 404: \"Not Found\"\n");
        }
    }
}
