package io.capstan.app.store.jdbc;

import io.capstan.core.spi.StoreException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store contract on a real PostgreSQL (18, from Maven through zonky's embedded binaries), started once for the
 * class on 127.0.0.1 and stopped in {@link #stopPostgres}; each test gets a database of its own.
 */
class PostgresDecisionStoreTest extends DecisionStoreContract {
    private static EmbeddedPostgres postgres;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1")
                // Durability is not under test here, and fsync costs seconds on a shared disk.
                .setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off").start();
        // Each test's database is a copy of one migrated once: CREATE DATABASE ... TEMPLATE is quicker than migrating.
        createDatabase(TEMPLATE, null);
        JdbcDecisionStore.open(config(TEMPLATE)).close();
    }

    private static final String TEMPLATE = "capstan_template";

    private static void createDatabase(String name, String template) throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + (template == null ? "" : " TEMPLATE " + template));
        }
    }

    private static StoreConfig config(String database) {
        return new StoreConfig(postgres.getJdbcUrl("postgres", database), "postgres", "not-checked-by-trust-auth",
                StoreConfig.DEFAULT_RETENTION, StoreConfig.DEFAULT_POOL_SIZE);
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres == null) return;
        Process server = postgres.getProcess();
        postgres.close();
        if (server != null && server.isAlive()) {
            server.destroy();
            server.waitFor();
        }
    }

    @Override
    protected StoreConfig freshConfig() throws Exception {
        String name = "capstan_" + DATABASES.incrementAndGet();
        createDatabase(name, TEMPLATE);
        return config(name);
    }

    @Test
    void anUnreachableDatabaseIsNamedWithoutItsCredentials() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        StoreConfig nowhere = new StoreConfig("jdbc:postgresql://capstan:s3cret-in-url@127.0.0.1:" + closed + "/capstan?password=s3cret-param",
                "capstan", "s3cret-field", StoreConfig.DEFAULT_RETENTION, 1);

        assertThatThrownBy(() -> JdbcDecisionStore.open(nowhere)).isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot reach the store database at jdbc:postgresql://127.0.0.1:" + closed + "/capstan?password=****")
                .message().doesNotContain("s3cret");
        assertThat(nowhere.toString()).doesNotContain("s3cret");
    }
}
