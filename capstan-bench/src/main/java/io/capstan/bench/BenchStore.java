package io.capstan.bench;

import io.capstan.app.store.jdbc.JdbcDecisionStore;
import io.capstan.app.store.jdbc.StoreConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A store for a benchmark: the embedded H2 file in a temporary directory ({@code h2}), or a real PostgreSQL 18 from
 * zonky's binaries with its default durability ({@code postgresql}). Closing it removes what it made.
 */
final class BenchStore implements AutoCloseable {
    final JdbcDecisionStore store;
    private final Path dir;
    private final EmbeddedPostgres postgres;

    private BenchStore(JdbcDecisionStore store, Path dir, EmbeddedPostgres postgres) {
        this.store = store;
        this.dir = dir;
        this.postgres = postgres;
    }

    static BenchStore open(String database) throws Exception {
        if (database.equals("h2")) {
            Path dir = Files.createTempDirectory("capstan-store-bench");
            return new BenchStore(JdbcDecisionStore.open(StoreConfig.embedded(dir)), dir, null);
        }
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
        StoreConfig config = new StoreConfig(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null, Duration.ofDays(30), 4);
        return new BenchStore(JdbcDecisionStore.open(config), null, postgres);
    }

    @Override
    public void close() throws Exception {
        store.close();
        if (postgres != null) postgres.close();
        if (dir != null) delete(dir);
    }

    /** Removes a directory and all it holds. */
    static void delete(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
