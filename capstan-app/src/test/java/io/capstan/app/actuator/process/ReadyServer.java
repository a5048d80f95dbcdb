package io.capstan.app.actuator.process;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A member for the HTTP readiness test, run in a JVM of its own: listens on 127.0.0.1:$PORT and answers
 * {@code GET /ready} with 200 while the file {@code $OUT/ready-$CAPSTAN_MEMBER} exists, 503 before.
 */
public final class ReadyServer {
    private ReadyServer() {}

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv("PORT"));
        Path flag = Path.of(System.getenv("OUT"), "ready-" + System.getenv("CAPSTAN_MEMBER"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/ready", exchange -> {
            exchange.sendResponseHeaders(Files.exists(flag) ? 200 : 503, -1);
            exchange.close();
        });
        server.start();
        System.out.println("listening on " + port);
    }
}
