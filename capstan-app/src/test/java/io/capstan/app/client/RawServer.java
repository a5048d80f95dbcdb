package io.capstan.app.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A server on a loopback ephemeral port that answers every connection the same raw way: what a proxy, a wrong
 * address or a hung server does, which a real {@code capstan run} never does.
 */
final class RawServer implements AutoCloseable {
    /** What it does with a connection, after reading the request's head. */
    interface Behaviour {
        void answer(InputStream in, OutputStream out) throws IOException;
    }

    private final ServerSocket socket;
    private final Thread thread;
    private final List<Socket> open = new ArrayList<>();

    RawServer(Behaviour behaviour) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    synchronized (open) {
                        open.add(s);
                    }
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            readHead(s.getInputStream());
                            behaviour.answer(s.getInputStream(), s.getOutputStream());
                        } catch (IOException e) {
                            // the client went away or the server is closing
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        }, "raw-server");
        thread.setDaemon(true);
        thread.start();
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** Answers every request with this status line, headers and body, then closes. */
    static Behaviour answer(int status, String contentType, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return (in, out) -> {
            out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\nContent-Length: " + b.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.flush();
        };
    }

    /** Sends {@code head} (maybe nothing), then keeps the connection open without another byte until the client gives up. */
    static Behaviour thenSilent(String head) {
        return (in, out) -> {
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (in.read() >= 0) {
                // the client sends nothing more; read returns -1 once it closes
            }
        };
    }

    /** A 200 JSON answer without end: a 1 KiB chunk after another, up to {@code max} bytes or until the client closes. */
    static Behaviour endless(long max) {
        byte[] chunk = " ".repeat(1024).getBytes(StandardCharsets.US_ASCII);
        return (in, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n[".getBytes(StandardCharsets.US_ASCII));
            for (long sent = 0; sent < max; sent += chunk.length) out.write(chunk);
        };
    }

    private static void readHead(InputStream in) throws IOException {
        int state = 0;
        for (int c; (c = in.read()) >= 0; ) {
            state = (c == '\r' && state % 2 == 0) || (c == '\n' && state % 2 == 1) ? state + 1 : c == '\r' ? 1 : 0;
            if (state == 4) return;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        synchronized (open) {
            for (Socket s : open) s.close();
        }
    }
}
