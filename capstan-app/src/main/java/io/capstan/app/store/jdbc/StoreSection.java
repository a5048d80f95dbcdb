package io.capstan.app.store.jdbc;

import io.capstan.app.input.Field;
import io.capstan.app.input.Fields;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Schema;
import io.capstan.app.input.Type;
import io.capstan.app.input.Types;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reads the {@code store:} section of a run config:
 * <pre>
 * store:
 *   url: jdbc:postgresql://db.internal:5432/capstan   # default: an H2 file under --data
 *   user: capstan
 *   passwordFile: /etc/capstan/db-password            # or password: ..., not both
 *   retention: 30d                                   # decisions and the metric history alike
 *   historyStep: 1m                                  # the metric history's step
 * </pre>
 * Every problem is located; the password is never echoed.
 */
public final class StoreSection {
    private StoreSection() {}

    static final Field<String> URL = Field.optional("url", Types.string("a JDBC URL such as jdbc:postgresql://db:5432/capstan")
            .where(StoreSection::whyNotAUrl), "the database: jdbc:postgresql://HOST:PORT/DB, or jdbc:h2:file:PATH (default: an H2 file under --data)");
    static final Field<String> USER = Field.optional("user", Types.text(), "the database user");
    /** Read as any text: a type error must not echo the value, and {@code text()} names only the kind of node. */
    static final Field<String> PASSWORD = Field.optional("password", Types.text(),
            "the database password (prefer passwordFile: a config file is often readable by more people)");
    static final Field<String> PASSWORD_FILE = Field.optional("passwordFile", Types.string("a file name"),
            "a file holding the database password (relative to the config file; one trailing newline is ignored)");
    static final Field<Duration> RETENTION = Field.optional("retention", Types.duration(Duration.ofMinutes(1)), StoreConfig.DEFAULT_RETENTION,
            "how long decisions, actuation attempts and manual actions are kept (the latest state and unfinished actions are always kept)");
    static final Field<Integer> POOL_SIZE = Field.optional("poolSize", (Type<Integer>) Types.integer(1, 64), StoreConfig.DEFAULT_POOL_SIZE,
            "database connections at most");
    static final Field<Duration> HISTORY_STEP = Field.optional("historyStep", Types.duration(Duration.ofSeconds(1)), StoreConfig.DEFAULT_HISTORY_STEP,
            "the step of the metric history kept for forecasts and capstan plan: each metric's samples are aggregated (count, sum, min, max) per step");
    static final Schema SCHEMA = Schema.of("the store {url, user, password | passwordFile, retention, poolSize, historyStep}",
            URL, USER, PASSWORD, PASSWORD_FILE, RETENTION, POOL_SIZE, HISTORY_STEP);

    /**
     * The store config from the section, or the embedded default under {@code dataDir} for an absent section. Null
     * when a problem was reported.
     *
     * @param section   the value of the {@code store} key, or null when the config has none
     * @param configDir where a relative passwordFile is looked up
     */
    public static StoreConfig read(Node section, Problems problems, Path dataDir, Path configDir) {
        StoreConfig embedded = StoreConfig.embedded(dataDir);
        if (section == null || section instanceof Node.Scalar s && s.isNull()) return embedded;
        int before = problems.count();
        Fields f = SCHEMA.open(section, problems);
        if (f == null) return null;
        String url = f.has(URL) ? f.get(URL) : embedded.url();
        String user = f.get(USER);
        String password = f.get(PASSWORD);
        if (f.has(PASSWORD) && f.has(PASSWORD_FILE)) {
            Node at = f.node(PASSWORD_FILE);
            problems.add(at, f.path(PASSWORD_FILE), "give password or passwordFile, not both");
        } else if (f.has(PASSWORD_FILE)) {
            password = passwordFrom(f, configDir, problems);
        }
        Duration retention = f.get(RETENTION);
        Integer poolSize = f.get(POOL_SIZE);
        Duration historyStep = f.get(HISTORY_STEP);
        if (problems.count() > before) return null;
        return new StoreConfig(url, user, password, retention, poolSize, historyStep);
    }

    private static String passwordFrom(Fields f, Path configDir, Problems problems) {
        String name = f.get(PASSWORD_FILE);
        if (name == null) return null;
        Node at = f.node(PASSWORD_FILE);
        Path file = configDir == null ? Path.of(name) : configDir.resolve(name);
        try {
            if (Files.size(file) > 4096) {
                problems.add(at, f.path(PASSWORD_FILE), "password file " + name + " is larger than 4 KiB; it should hold only the password");
                return null;
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
            if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
            if (text.isEmpty()) {
                problems.add(at, f.path(PASSWORD_FILE), "password file " + name + " is empty");
                return null;
            }
            return text;
        } catch (IOException | RuntimeException e) {
            problems.add(at, f.path(PASSWORD_FILE), "cannot read password file " + name + ": " + why(e));
            return null;
        }
    }

    private static String why(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static String whyNotAUrl(String url) {
        if (url.startsWith("jdbc:postgresql:") || url.startsWith("jdbc:h2:")) return null;
        String shown = new StoreConfig(url, null, null, StoreConfig.DEFAULT_RETENTION, 1).safeUrl();
        return "expected a jdbc:postgresql: or jdbc:h2: URL, found '" + shown + "'";
    }
}
