package io.capstan.app.store.jdbc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the store lives and how long it keeps decisions. {@link #toString} and every message built from a config
 * show the URL without credentials and never the password.
 *
 * @param url       a JDBC URL: {@code jdbc:h2:file:...} (the embedded default) or {@code jdbc:postgresql://...}
 * @param user      null to leave it to the URL or the driver
 * @param password  null for none
 * @param retention how long decisions, attempts and manual actions are kept
 * @param poolSize  connections at most
 * @param historyStep the step of the metric history the live loop keeps (samples aggregated per step, one row each)
 */
public record StoreConfig(String url, String user, String password, Duration retention, int poolSize, Duration historyStep) {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    public static final int DEFAULT_POOL_SIZE = 4;
    public static final Duration DEFAULT_HISTORY_STEP = Duration.ofMinutes(1);

    public StoreConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(historyStep, "historyStep");
        if (retention.isNegative() || retention.isZero()) throw new IllegalArgumentException("retention " + retention + " is not positive");
        if (poolSize < 1) throw new IllegalArgumentException("pool size " + poolSize + " is below 1");
        if (historyStep.toMillis() < 1000) throw new IllegalArgumentException("history step " + historyStep + " is below 1s");
    }

    /** With the default history step. */
    public StoreConfig(String url, String user, String password, Duration retention, int poolSize) {
        this(url, user, password, retention, poolSize, DEFAULT_HISTORY_STEP);
    }

    /** The embedded default: an H2 file {@code capstan.mv.db} in the data directory. */
    public static StoreConfig embedded(Path dataDir) {
        return new StoreConfig(h2Url(dataDir), null, null, DEFAULT_RETENTION, DEFAULT_POOL_SIZE);
    }

    /**
     * A store in this JVM's memory, for tests of what uses a store: gone when closed. Names are per JVM, so each test
     * gives its own.
     */
    public static StoreConfig inMemory(String name) {
        return new StoreConfig("jdbc:h2:mem:" + name, null, null, DEFAULT_RETENTION, DEFAULT_POOL_SIZE);
    }

    /**
     * The H2 file URL for a data directory. WRITE_DELAY=0: a commit reaches the file before it returns; with H2's
     * default (500 ms) a kill -9 just after recording a decision lost it, and the restart forgot an action already
     * applied. REUSE_SPACE=FALSE: each commit is appended at the end of the file. A commit written into the space of
     * chunks freed earlier (H2 reuses it once they are older than its retention time, 45 s) was written too, but after
     * a kill -9 H2's recovery did not always find it and opened an older version: the last commits, up to seconds of
     * them, were lost. The file grows with every commit while Capstan runs; {@link JdbcDecisionStore#maintain} compacts
     * it once it has grown past its bound, and {@link JdbcDecisionStore#close} when Capstan stops.
     * DB_CLOSE_ON_EXIT=FALSE: Capstan closes the store itself after its last write at shutdown; H2's own
     * shutdown hook would close it under a SIGTERM handler still saving state. TRACE_LEVEL_FILE=4: H2's trace goes to
     * SLF4J (logger "h2database", silenced in logback.xml) instead of a trace file, whose write failures H2 printed to
     * stderr as stack traces; every H2 error reaches Capstan as an exception and is said there.
     */
    public static String h2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("capstan") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;REUSE_SPACE=FALSE;TRACE_LEVEL_FILE=4";
    }

    /**
     * This store opened to be read only (capstan plan --history store): an H2 file is opened with
     * {@code ACCESS_MODE_DATA=r}, so reading it never writes it (no schema migration, no compaction on close, no recovery
     * written back into a damaged copy); other stores as they are.
     */
    public StoreConfig readOnly() {
        return isH2File() && !isReadOnly() ? new StoreConfig(url + ";ACCESS_MODE_DATA=r", user, password, retention, poolSize, historyStep) : this;
    }

    /** Whether this is an H2 file opened read only ({@link #readOnly}). */
    public boolean isReadOnly() {
        return isH2File() && url.toUpperCase(java.util.Locale.ROOT).contains(";ACCESS_MODE_DATA=R");
    }

    public boolean isH2File() {
        return url.startsWith("jdbc:h2:") && !url.matches("(?s)jdbc:h2:(mem|tcp|ssl|zip):.*");
    }

    public StoreConfig withRetention(Duration r) {
        return new StoreConfig(url, user, password, r, poolSize, historyStep);
    }

    private static final Pattern USER_INFO = Pattern.compile("(//)[^/@?;]*@");
    private static final Pattern SECRET_PARAM = Pattern.compile("(?i)((?:password|user|sslpassword|PASSWORD)=)[^&;]*");

    /** The URL as it may be shown: no {@code user:password@}, no {@code password=} or {@code user=} values. */
    public String safeUrl() {
        return redact(SECRET_PARAM.matcher(USER_INFO.matcher(url).replaceAll("$1")).replaceAll("$1****"));
    }

    /** {@code text} with the password, wherever it appears, replaced by ****. */
    public String redact(String text) {
        if (text == null) return "";
        return password == null || password.isEmpty() ? text : text.replace(password, "****");
    }

    @Override
    public String toString() {
        return "StoreConfig[url=" + safeUrl() + ", user=" + (user == null ? "(none)" : user) + ", password="
                + (password == null ? "(none)" : "****") + ", retention=" + retention + ", poolSize=" + poolSize + ", historyStep=" + historyStep + "]";
    }
}
