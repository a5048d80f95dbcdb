package io.capstan.app.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.capstan.core.spi.ActionState;
import io.capstan.core.spi.ActuationAttempt;
import io.capstan.core.spi.ActuatorRecord;
import io.capstan.core.spi.DecisionPage;
import io.capstan.core.spi.DecisionStore;
import io.capstan.core.spi.HistoryStep;
import io.capstan.core.spi.ManualAction;
import io.capstan.core.spi.MetricHistory;
import io.capstan.core.spi.PageCursor;
import io.capstan.core.spi.PlannedAction;
import io.capstan.core.spi.Purged;
import io.capstan.core.spi.Recorded;
import io.capstan.core.spi.Recording;
import io.capstan.core.spi.StoreException;
import io.capstan.core.spi.StoredDecision;
import io.capstan.core.spi.StoredState;
import io.capstan.core.spi.TargetFlag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The {@link DecisionStore} on JDBC: an embedded H2 file by default, PostgreSQL in production. One schema
 * ({@code db/migration}, applied by {@link StoreSchema} on open) and portable SQL: upserts are an UPDATE then an
 * INSERT in the same transaction, so neither {@code ON CONFLICT} nor {@code MERGE} is needed.
 *
 * <p>Decisions with equal times page in id order as the database collates ids (H2: by character; PostgreSQL: the
 * database's collation). Either way the order is total and the same on every request, which is what paging needs.
 */
public final class JdbcDecisionStore implements DecisionStore, MetricHistory {
    /** The most decisions one page gives. */
    public static final int MAX_PAGE = 1000;

    /** SQLSTATE of a unique or primary key violation, on H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";
    /** SQLSTATEs of a row whose parent is missing: PostgreSQL's 23503, H2's 23506. */
    private static final Set<String> FOREIGN_KEY_VIOLATIONS = Set.of("23503", "23506");
    /** H2's code for a database already closed, which it is once SHUTDOWN COMPACT has run. */
    private static final int H2_DATABASE_CLOSED = 90121;
    /** Ids per IN list when looking up a batch: well under every driver's parameter limit. */
    private static final int IN_CHUNK = 500;

    private static final Logger LOG = LoggerFactory.getLogger("capstan");

    private static final String DECISION_COLUMNS = "id, target, decided_at, from_replicas, to_replicas, reason, summary, payload";
    private static final String ACTION_COLUMNS = "decision_id, target, desired, action_state, updated_at";

    /**
     * Growth of the H2 file past its size after the last compaction that starts a compaction: at least this, and at
     * least that size again, so the file stays under twice what it holds plus this, and each compaction copies no
     * more than what was appended since the one before.
     */
    public static final long COMPACT_GROWTH = 64L << 20;
    /** How often {@link #maintain} applies retention. */
    static final Duration PURGE_EVERY = Duration.ofHours(1);
    /** A compaction taking longer than this is said at WARN: every use of the store waited for it. */
    private static final Duration SLOW_COMPACTION = Duration.ofSeconds(5);

    private final StoreConfig config;
    private final long compactGrowth;
    /**
     * For an H2 file, every use of the pool holds the read lock; a compaction (which closes the database and opens it
     * again) and {@link #close} hold the write lock, so they wait for what runs and what comes meanwhile waits for
     * them. Other stores (PostgreSQL, memory) are never compacted and take no lock.
     */
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock(true);
    private final boolean gated;
    private volatile HikariDataSource pool;
    private boolean closed;
    /** The H2 file's size after the last compaction (or a failed one), 0 before the first. */
    private volatile long compactedBytes;
    private Instant lastPurge;
    private final Object maintaining = new Object();

    private JdbcDecisionStore(StoreConfig config, HikariDataSource pool, long compactGrowth) {
        this.config = config;
        this.pool = pool;
        this.compactGrowth = compactGrowth;
        this.gated = config.isH2File() && !config.isReadOnly();
    }

    /**
     * Connects, migrates the schema to this version's, and gives the store. Fails with a message for the person
     * running Capstan: the database cannot be reached (named without credentials), the H2 file is held by another
     * Capstan, or the schema is from a newer Capstan.
     */
    public static JdbcDecisionStore open(StoreConfig config) throws StoreException {
        return open(config, COMPACT_GROWTH);
    }

    /** {@link #open(StoreConfig)} compacting the H2 file after {@code compactGrowth} bytes of growth (tests). */
    static JdbcDecisionStore open(StoreConfig config, long compactGrowth) throws StoreException {
        StoreSchema.prepareDirectory(config);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari(config));
        } catch (RuntimeException e) {
            throw StoreSchema.openFailure(config, e);
        }
        try {
            if (!config.isReadOnly()) StoreSchema.migrate(config, pool);
            return new JdbcDecisionStore(config, pool, compactGrowth);
        } catch (StoreException | RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static HikariConfig hikari(StoreConfig config) {
        HikariConfig h = new HikariConfig();
        h.setPoolName("capstan-store");
        h.setJdbcUrl(config.url());
        if (config.user() != null) h.setUsername(config.user());
        if (config.password() != null) h.setPassword(config.password());
        h.setMaximumPoolSize(config.poolSize());
        h.setMinimumIdle(1);
        h.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        // Fail at start, once: a store that cannot be reached is a start-up error with a message, not a retry loop.
        h.setInitializationFailTimeout(1);
        if (config.url().startsWith("jdbc:postgresql:")) {
            h.addDataSourceProperty("ApplicationName", "capstan");
            h.addDataSourceProperty("connectTimeout", "10");
            // A history flush is one batch of thousands of INSERTs: the driver sends them as multi-row INSERTs.
            h.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        return h;
    }

    public StoreConfig config() {
        return config;
    }

    /** Retention as configured: {@link #purge} with {@code now} minus it. */
    public Purged purgeExpired(Instant now) throws StoreException {
        return purge(now.minus(config.retention()));
    }

    // ---------------------------------------------------------------- decisions and state

    @Override
    public Recorded record(Recording recording) throws StoreException {
        return recordAll(List.of(recording)).get(0);
    }

    @Override
    public List<Recorded> recordAll(List<Recording> recordings) throws StoreException {
        if (recordings.isEmpty()) return List.of();
        // A concurrent recorder of the same id makes the INSERT fail; the second run sees its row and compares.
        return retryingConflicts("record decisions", c -> recordIn(c, recordings));
    }

    private List<Recorded> recordIn(Connection c, List<Recording> recordings) throws SQLException {
        List<String> ids = new ArrayList<>();
        for (Recording r : recordings) ids.add(r.decision().id());
        Map<String, StoredDecision> known = decisionsById(c, ids);
        List<Recorded> results = new ArrayList<>();
        List<Recording> fresh = new ArrayList<>();
        for (Recording r : recordings) {
            StoredDecision d = r.decision();
            StoredDecision earlier = known.get(d.id());
            if (earlier == null) {
                known.put(d.id(), d);
                fresh.add(r);
                results.add(Recorded.NEW);
            } else if (earlier.equals(d)) {
                results.add(Recorded.ALREADY_RECORDED);
            } else {
                throw new IllegalStateException("decision " + d.id() + " is already recorded as a different decision (target "
                        + earlier.target() + " at " + earlier.at() + ", " + earlier.from() + " -> " + earlier.to()
                        + "); a decision id names one decision");
            }
        }
        insertDecisions(c, fresh);
        Map<String, StoredState> states = new LinkedHashMap<>();
        for (Recording r : fresh) if (r.state() != null) states.put(r.state().target(), r.state());
        saveStates(c, List.copyOf(states.values()));
        insertActions(c, fresh);
        return results;
    }

    private static void insertDecisions(Connection c, List<Recording> fresh) throws SQLException {
        if (fresh.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO decision (" + DECISION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Recording r : fresh) {
                StoredDecision d = r.decision();
                ps.setString(1, d.id());
                ps.setString(2, d.target());
                ps.setObject(3, time(d.at()));
                ps.setInt(4, d.from());
                ps.setInt(5, d.to());
                ps.setString(6, d.reason());
                ps.setString(7, d.summary());
                ps.setString(8, d.payloadJson());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insertActions(Connection c, List<Recording> fresh) throws SQLException {
        List<PlannedAction> actions = new ArrayList<>();
        for (Recording r : fresh) if (r.action() != null) actions.add(r.action());
        if (actions.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO planned_action (" + ACTION_COLUMNS + ") VALUES (?, ?, ?, ?, ?)")) {
            for (PlannedAction a : actions) {
                ps.setString(1, a.decisionId());
                ps.setString(2, a.target());
                ps.setInt(3, a.desired());
                ps.setString(4, a.state().name());
                ps.setObject(5, time(a.updatedAt()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** One row per target: UPDATE those that have one, INSERT the rest. */
    private static void saveStates(Connection c, List<StoredState> states) throws SQLException {
        if (states.isEmpty()) return;
        int[] updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE scaling_state SET codec_version = ?, payload = ?, saved_at = ? WHERE target = ?")) {
            for (StoredState s : states) {
                ps.setInt(1, s.version());
                ps.setString(2, s.payload());
                ps.setObject(3, time(s.savedAt()));
                ps.setString(4, s.target());
                ps.addBatch();
            }
            updated = ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO scaling_state (target, codec_version, payload, saved_at) VALUES (?, ?, ?, ?)")) {
            boolean any = false;
            for (int i = 0; i < states.size(); i++) {
                if (updated[i] != 0) continue;
                StoredState s = states.get(i);
                ps.setString(1, s.target());
                ps.setInt(2, s.version());
                ps.setString(3, s.payload());
                ps.setObject(4, time(s.savedAt()));
                ps.addBatch();
                any = true;
            }
            if (any) ps.executeBatch();
        }
    }

    private static Map<String, StoredDecision> decisionsById(Connection c, List<String> ids) throws SQLException {
        Map<String, StoredDecision> found = new HashMap<>();
        List<String> distinct = List.copyOf(new java.util.LinkedHashSet<>(ids));
        for (int from = 0; from < distinct.size(); from += IN_CHUNK) {
            List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + IN_CHUNK));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            for (StoredDecision d : rows(c, "SELECT " + DECISION_COLUMNS + " FROM decision WHERE id IN (" + marks + ")",
                    JdbcDecisionStore::decision, chunk.toArray())) {
                found.put(d.id(), d);
            }
        }
        return found;
    }

    @Override
    public void saveState(StoredState state) throws StoreException {
        retryingConflicts("save the state of " + state.target(), c -> {
            saveStates(c, List.of(state));
            return null;
        });
    }

    @Override
    public Optional<StoredState> state(String target) throws StoreException {
        return read("load the state of " + target, c -> first(c, "SELECT codec_version, payload, saved_at FROM scaling_state WHERE target = ?",
                rs -> new StoredState(target, rs.getInt(1), rs.getString(2), instant(rs, 3)), target));
    }

    @Override
    public Optional<StoredDecision> decision(String id) throws StoreException {
        return read("load decision " + id, c -> Optional.ofNullable(decisionsById(c, List.of(id)).get(id)));
    }

    @Override
    public DecisionPage decisions(String target, PageCursor after, int limit) throws StoreException {
        if (limit < 1 || limit > MAX_PAGE) throw new IllegalArgumentException("page size " + limit + " is outside 1.." + MAX_PAGE);
        // Keyset paging: strictly older than the cursor in (decided_at, id) order, so a decision recorded while
        // someone pages shifts nothing. One row more than asked tells whether there is a next page.
        String sql = "SELECT " + DECISION_COLUMNS + " FROM decision WHERE target = ?"
                + (after == null ? "" : " AND (decided_at < ? OR (decided_at = ? AND id < ?))")
                + " ORDER BY decided_at DESC, id DESC LIMIT ?";
        Object[] params = after == null ? new Object[] {target, limit + 1}
                : new Object[] {target, time(after.at()), time(after.at()), after.id(), limit + 1};
        return read("list the decisions of " + target, c -> {
            List<StoredDecision> rows = rows(c, sql, JdbcDecisionStore::decision, params);
            if (rows.size() <= limit) return new DecisionPage(rows, null);
            List<StoredDecision> page = rows.subList(0, limit);
            return new DecisionPage(page, page.get(limit - 1).cursor());
        });
    }

    // ---------------------------------------------------------------- actions and attempts

    @Override
    public PlannedAction transition(String decisionId, ActionState to, Instant at) throws StoreException {
        return tx("move action " + decisionId + " to " + to, c -> transitionIn(c, decisionId, to, at));
    }

    @Override
    public PlannedAction transition(String decisionId, ActionState to, Instant at, ActuationAttempt attempt) throws StoreException {
        if (!attempt.decisionId().equals(decisionId)) {
            throw new IllegalArgumentException("attempt of " + attempt.decisionId() + " given with the move of action " + decisionId);
        }
        return tx("move action " + decisionId + " to " + to, c -> {
            PlannedAction moved = transitionIn(c, decisionId, to, at);
            insertAttempt(c, attempt);
            return moved;
        });
    }

    /**
     * One conditional UPDATE: the row changes only if it is in a state {@code to} may be reached from, so two writers
     * cannot both move it, and an illegal move changes nothing.
     */
    private static PlannedAction transitionIn(Connection c, String decisionId, ActionState to, Instant at) throws SQLException {
        Set<ActionState> sources = ActionState.sourcesOf(to);
        int moved = 0;
        if (!sources.isEmpty()) {
            String marks = String.join(", ", java.util.Collections.nCopies(sources.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE planned_action SET action_state = ?, updated_at = ? WHERE decision_id = ? AND action_state IN (" + marks + ")")) {
                int i = 1;
                ps.setString(i++, to.name());
                ps.setObject(i++, time(at.truncatedTo(java.time.temporal.ChronoUnit.MICROS)));
                ps.setString(i++, decisionId);
                for (ActionState s : sources) ps.setString(i++, s.name());
                moved = ps.executeUpdate();
            }
        }
        PlannedAction now = actionIn(c, decisionId)
                .orElseThrow(() -> new NoSuchElementException("no planned action for decision " + decisionId));
        if (moved == 0) {
            throw new IllegalStateException("action " + decisionId + " of " + now.target() + " is " + now.state() + "; it cannot become "
                    + to + (now.state().next().isEmpty() ? " (" + now.state() + " is final)" : " (from " + now.state() + " only " + now.state().next() + ")"));
        }
        return now;
    }

    @Override
    public Optional<PlannedAction> action(String decisionId) throws StoreException {
        return read("load action " + decisionId, c -> actionIn(c, decisionId));
    }

    private static Optional<PlannedAction> actionIn(Connection c, String decisionId) throws SQLException {
        return first(c, "SELECT " + ACTION_COLUMNS + " FROM planned_action WHERE decision_id = ?", JdbcDecisionStore::action, decisionId);
    }

    @Override
    public List<PlannedAction> unfinishedActions() throws StoreException {
        return read("list unfinished actions", c -> rows(c, "SELECT " + ACTION_COLUMNS
                + " FROM planned_action WHERE action_state IN ('PLANNED', 'APPLYING') ORDER BY updated_at, decision_id", JdbcDecisionStore::action));
    }

    @Override
    public void recordAttempt(ActuationAttempt attempt) throws StoreException {
        write("record attempt " + attempt.attempt() + " of " + attempt.decisionId(), c -> insertAttempt(c, attempt));
    }

    private static void insertAttempt(Connection c, ActuationAttempt a) throws SQLException {
        try {
            update(c, "INSERT INTO actuation_attempt (decision_id, attempt, started_at, ended_at, outcome, message) VALUES (?, ?, ?, ?, ?, ?)",
                    a.decisionId(), a.attempt(), time(a.startedAt()), time(a.endedAt()), a.outcome().name(), a.message());
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new IllegalStateException("attempt " + a.attempt() + " of decision " + a.decisionId() + " is already recorded");
            }
            if (FOREIGN_KEY_VIOLATIONS.contains(String.valueOf(e.getSQLState()))) {
                throw new NoSuchElementException("no decision " + a.decisionId() + " to record an attempt of");
            }
            throw e;
        }
    }

    @Override
    public List<ActuationAttempt> attempts(String decisionId) throws StoreException {
        return read("list the attempts of " + decisionId, c -> rows(c, "SELECT attempt, started_at, ended_at, outcome, message "
                + "FROM actuation_attempt WHERE decision_id = ? ORDER BY attempt", rs -> new ActuationAttempt(decisionId, rs.getInt(1),
                instant(rs, 2), instant(rs, 3), ActuationAttempt.Outcome.valueOf(rs.getString(4)), rs.getString(5)), decisionId));
    }

    // ---------------------------------------------------------------- actuator records, flags, audit

    @Override
    public void putActuatorRecord(ActuatorRecord r) throws StoreException {
        retryingConflicts("save the " + r.kind() + " record of " + r.target(), c -> {
            upsert(c, "UPDATE actuator_record SET payload = ?, updated_at = ? WHERE target = ? AND kind = ?",
                    "INSERT INTO actuator_record (payload, updated_at, target, kind) VALUES (?, ?, ?, ?)",
                    r.payload(), time(r.updatedAt()), r.target(), r.kind());
            return null;
        });
    }

    @Override
    public Optional<ActuatorRecord> actuatorRecord(String target, String kind) throws StoreException {
        return read("load the " + kind + " record of " + target, c -> first(c, "SELECT payload, updated_at FROM actuator_record WHERE target = ? AND kind = ?",
                rs -> new ActuatorRecord(target, kind, rs.getString(1), instant(rs, 2)), target, kind));
    }

    @Override
    public List<ActuatorRecord> actuatorRecords() throws StoreException {
        return read("list the actuator records", c -> rows(c, "SELECT target, kind, payload, updated_at FROM actuator_record ORDER BY target, kind",
                rs -> new ActuatorRecord(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4))));
    }

    @Override
    public void deleteActuatorRecord(String target, String kind) throws StoreException {
        write("delete the " + kind + " record of " + target, c -> update(c, "DELETE FROM actuator_record WHERE target = ? AND kind = ?", target, kind));
    }

    @Override
    public void setFlag(TargetFlag f) throws StoreException {
        retryingConflicts("set " + f.kind() + " on " + f.target(), c -> {
            upsert(c, "UPDATE target_flag SET who = ?, reason = ?, set_at = ? WHERE target = ? AND kind = ?",
                    "INSERT INTO target_flag (who, reason, set_at, target, kind) VALUES (?, ?, ?, ?, ?)",
                    f.who(), f.reason(), time(f.at()), f.target(), f.kind().name());
            insertManual(c, new ManualAction(f.target(), f.at(), f.kind() == TargetFlag.Kind.PAUSED ? "pause" : "dry-run on", "", f.who(), f.reason()));
            return null;
        });
    }

    @Override
    public void clearFlag(String target, TargetFlag.Kind kind, String who, String reason, Instant at) throws StoreException {
        ManualAction audit = new ManualAction(target, at, kind == TargetFlag.Kind.PAUSED ? "resume" : "dry-run off", "", who, reason);
        write("clear " + kind + " on " + target, c -> {
            update(c, "DELETE FROM target_flag WHERE target = ? AND kind = ?", target, kind.name());
            insertManual(c, audit);
        });
    }

    @Override
    public List<TargetFlag> flags() throws StoreException {
        return read("list flags", c -> rows(c, "SELECT target, kind, who, reason, set_at FROM target_flag ORDER BY target, kind",
                rs -> new TargetFlag(rs.getString(1), TargetFlag.Kind.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4), instant(rs, 5))));
    }

    @Override
    public void recordManualAction(ManualAction a) throws StoreException {
        write("record a manual " + a.action() + " of " + a.target(), c -> insertManual(c, a));
    }

    private static void insertManual(Connection c, ManualAction a) throws SQLException {
        update(c, "INSERT INTO manual_action (target, done_at, action, detail, who, why) VALUES (?, ?, ?, ?, ?, ?)",
                a.target(), time(a.at()), a.action(), a.detail(), a.who(), a.why());
    }

    @Override
    public List<ManualAction> manualActions(String target, int limit) throws StoreException {
        if (limit < 1 || limit > MAX_PAGE) throw new IllegalArgumentException("page size " + limit + " is outside 1.." + MAX_PAGE);
        return read("list the manual actions of " + target, c -> rows(c, "SELECT done_at, action, detail, who, why FROM manual_action "
                + "WHERE target = ? ORDER BY done_at DESC, id DESC LIMIT ?",
                rs -> new ManualAction(target, instant(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)), target, limit));
    }

    // ---------------------------------------------------------------- retention

    @Override
    public Purged purge(Instant cutoff) throws StoreException {
        OffsetDateTime before = time(cutoff.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        return tx("remove records older than " + cutoff, c -> {
            // Attempts and finished actions go with their decision (ON DELETE CASCADE).
            int decisions = update(c, "DELETE FROM decision d WHERE d.decided_at < ?"
                    + " AND NOT EXISTS (SELECT 1 FROM planned_action a WHERE a.decision_id = d.id AND a.action_state IN ('PLANNED', 'APPLYING'))"
                    + " AND EXISTS (SELECT 1 FROM decision n WHERE n.target = d.target"
                    + " AND (n.decided_at > d.decided_at OR (n.decided_at = d.decided_at AND n.id > d.id)))", before);
            int manual = update(c, "DELETE FROM manual_action WHERE done_at < ?", before);
            return new Purged(decisions, manual);
        });
    }

    /** Retention of the metric history, as configured: {@link #purgeHistory} with {@code now} minus it. */
    public int purgeExpiredHistory(Instant now) throws StoreException {
        return purgeHistory(now.minus(config.retention()));
    }

    // ---------------------------------------------------------------- metric history

    /** Rows per executeBatch: bounds the driver's buffer, one transaction for the whole flush all the same. */
    private static final int HISTORY_BATCH = 5000;

    @Override
    public void appendHistory(List<HistoryStep> steps) throws StoreException {
        if (steps.isEmpty()) return;
        write("append " + steps.size() + " metric history steps", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO metric_history (target, metric, step_start, step_millis, sample_count,"
                    + " value_sum, value_min, value_max) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                int pending = 0;
                for (HistoryStep h : steps) {
                    ps.setString(1, h.target());
                    ps.setString(2, h.metric());
                    ps.setObject(3, time(h.start()));
                    ps.setLong(4, h.step().toMillis());
                    ps.setLong(5, h.count());
                    ps.setDouble(6, h.sum());
                    ps.setDouble(7, h.min());
                    ps.setDouble(8, h.max());
                    ps.addBatch();
                    if (++pending == HISTORY_BATCH) {
                        ps.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) ps.executeBatch();
            }
        });
    }

    @Override
    public List<HistoryStep> history(String target, String metric, Instant from, Instant to) throws StoreException {
        return read("read the history of " + target + "/" + metric, c -> rows(c, "SELECT step_start, step_millis, SUM(sample_count),"
                        + " SUM(value_sum), MIN(value_min), MAX(value_max) FROM metric_history"
                        + " WHERE target = ? AND metric = ? AND step_start >= ? AND step_start < ?"
                        + " GROUP BY step_start, step_millis ORDER BY step_start, step_millis",
                rs -> new HistoryStep(target, metric, instant(rs, 1), Duration.ofMillis(rs.getLong(2)), rs.getLong(3), rs.getDouble(4),
                        rs.getDouble(5), rs.getDouble(6)),
                target, metric, time(from.truncatedTo(java.time.temporal.ChronoUnit.MICROS)), time(to.truncatedTo(java.time.temporal.ChronoUnit.MICROS))));
    }

    @Override
    public int purgeHistory(Instant cutoff) throws StoreException {
        return tx("remove metric history older than " + cutoff,
                c -> update(c, "DELETE FROM metric_history WHERE step_start < ?", time(cutoff.truncatedTo(java.time.temporal.ChronoUnit.MICROS))));
    }

    // ---------------------------------------------------------------- housekeeping

    /**
     * What the running Capstan does every minute, on its tick thread: retention ({@link #purgeExpired},
     * {@link #purgeExpiredHistory}) once every {@link #PURGE_EVERY}, first at the first call, then, for an H2 file,
     * {@link #compact} once the file has grown past its bound. Says what fails at WARN and throws nothing: the loop
     * goes on, and the next call tries again.
     *
     * @return the compaction made by this call, if any
     */
    public Optional<Compaction> maintain(Instant now) {
        synchronized (maintaining) {
            if (lastPurge == null || !now.isBefore(lastPurge.plus(PURGE_EVERY))) {
                lastPurge = now;
                try {
                    purgeExpired(now);
                    purgeExpiredHistory(now);
                } catch (StoreException | RuntimeException e) {
                    LOG.warn("cannot purge old decisions or metric history: {}", e.getMessage());
                }
            }
            long size = fileBytes().orElse(0);
            if (size <= bound(compactedBytes)) return Optional.empty();
            try {
                return Optional.of(compact());
            } catch (StoreException | RuntimeException e) {
                // Tried again once it has grown as much again, not every minute. Never thrown: an exception would
                // cancel the scheduled maintenance for good.
                compactedBytes = size;
                LOG.warn("{} (it is whole and keeps growing; next try at {})",
                        e instanceof StoreException ? e.getMessage() : "store " + mvFile() + ": cannot compact: " + e, bytes(bound(size)));
                return Optional.empty();
            }
        }
    }

    /** The size past which {@link #maintain} compacts a file that was {@code compacted} bytes after its last compaction. */
    private long bound(long compacted) {
        return compacted + Math.max(compactGrowth, compacted);
    }

    /** The size of the H2 file ({@code .mv.db}); empty for a store that is not an H2 file. */
    public OptionalLong fileBytes() {
        Path file = mvFile();
        if (file == null) return OptionalLong.empty();
        try {
            return OptionalLong.of(Files.size(file));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * A compaction of the H2 file while Capstan runs.
     *
     * @param before the file's size before, in bytes
     * @param after  its size after: what it holds
     * @param took   how long every use of the store waited
     */
    public record Compaction(long before, long after, Duration took) {}

    /**
     * Rewrites the H2 file to what it holds, as a clean stop does, and opens it again: every use of the store waits
     * meanwhile. H2 writes the rewritten copy to a new file and renames it over the old one; the old file was closed
     * cleanly before, so a kill -9 at any moment leaves either file whole, with every commit made before. The file is
     * then forced to the disk. Space is never reused: the file only grows again until the next compaction.
     */
    public Compaction compact() throws StoreException {
        Path file = mvFile();
        if (!gated || file == null) throw new IllegalStateException("store " + config.safeUrl() + " is not an H2 file");
        gate.writeLock().lock();
        try {
            if (closed) throw new StoreException("store " + config.safeUrl() + ": cannot compact: it is closed");
            long before = fileBytes().orElse(0);
            long started = System.nanoTime();
            SQLException failed = null;
            try {
                shutdownCompact();
            } catch (SQLException e) {
                failed = e;
            } finally {
                pool = reopen();
            }
            forceToDisk(file);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            if (failed != null) throw failure("compact the file", failed);
            try (Connection c = pool.getConnection()) {
                // opened again, or said now rather than at the next decision
            } catch (SQLException e) {
                throw failure("open the file again after compacting it", e);
            }
            Compaction done = new Compaction(before, fileBytes().orElse(0), took);
            compactedBytes = done.after();
            if (took.compareTo(SLOW_COMPACTION) > 0) {
                LOG.warn("store {}: compacted {} -> {} in {} ms, while decisions and pushes waited: the store is large for H2; "
                                + "a shorter store.retention, a coarser store.historyStep or PostgreSQL keeps these pauses short",
                        file, bytes(before), bytes(done.after()), took.toMillis());
            } else {
                LOG.info("store {}: compacted {} -> {} in {} ms", file, bytes(before), bytes(done.after()), took.toMillis());
            }
            return done;
        } finally {
            gate.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        if (!gated) {
            pool.close();
            return;
        }
        gate.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
            try {
                long before = fileBytes().orElse(0);
                long started = System.nanoTime();
                shutdownCompact();
                LOG.info("store {}: compacted {} -> {} in {} ms on close", mvFile(), bytes(before), bytes(fileBytes().orElse(0)),
                        Duration.ofNanos(System.nanoTime() - started).toMillis());
            } catch (SQLException | RuntimeException e) {
                LOG.warn("store {}: not compacted on close (it keeps its size): {}", config.safeUrl(), config.redact(e.getMessage()));
            }
            pool.close();
        } finally {
            gate.writeLock().unlock();
        }
    }

    /**
     * The embedded file only grows while it is open (every commit is appended, see {@link StoreConfig#h2Url}):
     * {@code SHUTDOWN COMPACT} closes it rewritten to what it holds. The pool is closed first, on a connection of its
     * own that keeps the database open, so that no pooled connection (the pool refills itself) opens it again while
     * it is being rewritten. A failure leaves the file as it is, still whole. Under the write lock.
     */
    private void shutdownCompact() throws SQLException {
        java.util.Properties login = new java.util.Properties();
        if (config.user() != null) login.setProperty("user", config.user());
        if (config.password() != null) login.setProperty("password", config.password());
        try (Connection own = java.sql.DriverManager.getConnection(config.url(), login)) {
            pool.close();
            try (Statement s = own.createStatement()) {
                s.execute("SHUTDOWN COMPACT");
            }
        } catch (SQLException e) {
            // Closing the connection after SHUTDOWN finds the database closed, as it should be.
            if (e.getErrorCode() != H2_DATABASE_CLOSED) throw e;
        } finally {
            pool.close();
        }
    }

    /** The pool again after a compaction: it does not fail when made, each use says what is wrong until it opens. */
    private HikariDataSource reopen() {
        HikariConfig h = hikari(config);
        h.setInitializationFailTimeout(-1);
        return new HikariDataSource(h);
    }

    /** A power loss right after a compaction must not find the renamed file's blocks unwritten. */
    private void forceToDisk(Path file) {
        try (FileChannel f = FileChannel.open(file, StandardOpenOption.WRITE);
             FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            f.force(true);
            dir.force(true);
        } catch (IOException | RuntimeException e) {
            LOG.warn("store {}: cannot force the compacted file to the disk: {}", file, e.toString());
        }
    }

    private Path mvFile() {
        Path base = StoreSchema.h2File(config);
        return base == null ? null : base.resolveSibling(base.getFileName() + ".mv.db");
    }

    /** Bytes as a person reads them: 812 KB, 64.2 MB. */
    static String bytes(long n) {
        if (n < 1 << 20) return (n + 1023) / 1024 + " KB";
        return String.format(java.util.Locale.ROOT, "%.1f MB", n / (double) (1 << 20));
    }

    // ---------------------------------------------------------------- JDBC plumbing

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** One transaction: committed when {@code work} returns, rolled back when it throws anything. */
    private <T> T tx(String what, Work<T> work) throws StoreException {
        try {
            return inTransaction(work);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private interface Step {
        void run(Connection c) throws SQLException;
    }

    /** {@link #tx} for work that gives nothing back. */
    private void write(String what, Step step) throws StoreException {
        tx(what, c -> {
            step.run(c);
            return null;
        });
    }

    /** {@link #tx}, run once more when it lost a race to insert the same key (the second run finds the row). */
    private <T> T retryingConflicts(String what, Work<T> work) throws StoreException {
        try {
            return inTransaction(work);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) throw failure(what, e);
        }
        return tx(what, work);
    }

    private <T> T read(String what, Work<T> work) throws StoreException {
        enter();
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            leave();
        }
    }

    private void enter() {
        if (gated) gate.readLock().lock();
    }

    private void leave() {
        if (gated) gate.readLock().unlock();
    }

    private <T> T inTransaction(Work<T> work) throws SQLException {
        enter();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        } finally {
            leave();
        }
    }

    private StoreException failure(String what, SQLException e) {
        return new StoreException("store " + config.safeUrl() + ": cannot " + what + ": " + config.redact(e.getMessage()), e);
    }

    private static void upsert(Connection c, String update, String insert, Object... values) throws SQLException {
        if (update(c, update, values) == 0) update(c, insert, values);
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Every row the query gives, read by {@code row}. */
    private static <T> List<T> rows(Connection c, String sql, Row<T> row, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) ps.setObject(i + 1, values[i]);
            List<T> all = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) all.add(row.read(rs));
            }
            return all;
        }
    }

    private static <T> Optional<T> first(Connection c, String sql, Row<T> row, Object... values) throws SQLException {
        return rows(c, sql, row, values).stream().findFirst();
    }

    private static int update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) ps.setObject(i + 1, values[i]);
            return ps.executeUpdate();
        }
    }

    private static OffsetDateTime time(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static StoredDecision decision(ResultSet rs) throws SQLException {
        return new StoredDecision(rs.getString(1), rs.getString(2), instant(rs, 3), rs.getInt(4), rs.getInt(5),
                rs.getString(6), rs.getString(7), rs.getString(8));
    }

    private static PlannedAction action(ResultSet rs) throws SQLException {
        return new PlannedAction(rs.getString(1), rs.getString(2), rs.getInt(3), ActionState.valueOf(rs.getString(4)), instant(rs, 5));
    }
}
