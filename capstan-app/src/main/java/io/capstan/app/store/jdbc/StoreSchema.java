package io.capstan.app.store.jdbc;

import io.capstan.core.spi.StoreException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Opening a store: the data directory, the schema (Flyway, {@code classpath:db/migration}), and the messages for what
 * goes wrong on the way, each naming the database without credentials and saying what to do.
 */
final class StoreSchema {
    private StoreSchema() {}

    /** Flyway's history table, named for Capstan so that a shared PostgreSQL database can hold other schemas' too. */
    static final String HISTORY_TABLE = "capstan_schema_history";

    /** H2's code for a database file held by another process. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    /** Creates the directory an H2 file lives in (the --data directory), so a fresh clone needs nothing made by hand. */
    static void prepareDirectory(StoreConfig config) throws StoreException {
        Path dir = h2File(config);
        if (dir == null || dir.getParent() == null) return;
        try {
            Files.createDirectories(dir.getParent());
        } catch (IOException e) {
            throw new StoreException("cannot create the data directory " + dir.getParent() + " for the store: " + e.getMessage(), e);
        }
    }

    /** The H2 database file's path without extension, or null for a URL that is not an H2 file. */
    static Path h2File(StoreConfig config) {
        if (!config.isH2File()) return null;
        String rest = config.url().substring("jdbc:h2:".length());
        if (rest.startsWith("file:")) rest = rest.substring("file:".length());
        int semicolon = rest.indexOf(';');
        String file = semicolon < 0 ? rest : rest.substring(0, semicolon);
        if (file.startsWith("~")) file = System.getProperty("user.home") + file.substring(1);
        return Path.of(file);
    }

    /** Migrates the schema to this version's, refusing a schema that a newer Capstan wrote. */
    static void migrate(StoreConfig config, DataSource pool) throws StoreException {
        try {
            Flyway flyway = Flyway.configure(StoreSchema.class.getClassLoader()).dataSource(pool)
                    .locations("classpath:db/migration").table(HISTORY_TABLE).loggers("slf4j").load();
            refuseNewer(config, flyway.info().all());
            flyway.migrate();
        } catch (FlywayException e) {
            throw new StoreException("store " + config.safeUrl() + ": cannot bring the schema up to date: " + config.redact(e.getMessage()), e);
        }
    }

    /**
     * Flyway by default ignores applied migrations it does not know ("future" ones), and would run this older Capstan
     * on a schema it cannot read; refuse instead.
     */
    static void refuseNewer(StoreConfig config, MigrationInfo[] all) throws StoreException {
        List<String> future = new ArrayList<>();
        String known = "none";
        for (MigrationInfo m : all) {
            if (m.getVersion() == null) continue;
            if (m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED) {
                future.add(m.getVersion().getVersion());
            } else {
                known = m.getVersion().getVersion();
            }
        }
        if (!future.isEmpty()) {
            throw new StoreException("store " + config.safeUrl() + " has schema version " + future.get(future.size() - 1)
                    + ", written by a newer Capstan; this one knows versions up to " + known
                    + ". Run the newer Capstan, or point store.url (or --data) at another database.");
        }
    }

    /** The start-up failure, in the terms of the person starting Capstan. */
    static StoreException openFailure(StoreConfig config, RuntimeException e) {
        SQLException sql = sqlCause(e);
        String why = config.redact(sql != null ? sql.getMessage() : e.getMessage());
        Path h2 = h2File(config);
        if (sql != null && h2 != null && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
            return new StoreException("the store file " + h2 + ".mv.db is in use by another process: is another Capstan running with --data "
                    + h2.getParent() + "? Stop it, or give this one another --data directory.", e);
        }
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        if (state.startsWith("08")) {
            return new StoreException("cannot reach the store database at " + config.safeUrl() + ": " + why
                    + " (check store.url, and that the database is running and accepts connections)", e);
        }
        if (state.startsWith("28")) {
            return new StoreException("the store database at " + config.safeUrl() + " refused the login"
                    + (config.user() == null ? "" : " of user " + config.user()) + ": " + why + " (check store.user and store.passwordFile)", e);
        }
        return new StoreException("cannot open the store database at " + config.safeUrl() + ": " + why, e);
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLException s) return s;
        }
        return null;
    }
}
