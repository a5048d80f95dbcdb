package io.capstan.app.actuator.process;

import io.capstan.app.actuator.ActuatorContext;
import io.capstan.core.model.Durations;
import io.capstan.core.spi.Actuation;
import io.capstan.core.spi.Actuator;
import io.capstan.core.spi.ActuatorException;
import io.capstan.core.spi.Capacity;
import io.capstan.core.spi.Outcome;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * N copies of a command on this machine, one per replica, numbered 0 to N-1 ({@code CAPSTAN_MEMBER}). The pool
 * works towards the count last applied: a member that exits on its own is restarted after a backoff that grows with
 * its crashes in a row, and one that keeps crashing is reported as crash-looping in every {@link #observe}. Scaling in
 * stops the highest-numbered members first (the newest slots), each with SIGTERM to its whole process tree and SIGKILL
 * after the grace period.
 *
 * <p>Members outlive Capstan: they run in their own session (see {@link ProcessTree}), write to log files rather than
 * to pipes Capstan would hold, and are recorded (PID and OS start time, with the count and the decision ids applied)
 * in the {@link io.capstan.core.spi.ActuatorStateStore} after every change. A Capstan started after a crash adopts
 * each recorded member still running as the same process (same PID and start time; a reused PID is not adopted),
 * starts anew the ones that are gone, and stops recorded members beyond the count (a stop that a crash cut short).
 *
 * <p>{@link #observe} counts as current every member whose process runs, and as ready those whose last readiness
 * check passed (all running members when there is no check). A member just started is current and not ready until
 * its first check passes.
 */
final class ProcessPool implements Actuator {
    /** How often the supervisor looks at every member: exits, restarts due, readiness checks due. */
    private static final Duration TICK = Duration.ofMillis(100);

    private final PoolSettings settings;
    private final ActuatorContext context;
    private final String key;
    private final Path logs;
    /** Guards the fields below; held briefly, never while waiting for a process. */
    private final Object lock = new Object();
    /** Serializes {@link #apply}, which waits for stopping members outside {@link #lock}. */
    private final Object applying = new Object();
    private final ScheduledExecutorService supervisor;
    private final ExecutorService checks;

    private final TreeMap<Integer, Slot> slots = new TreeMap<>();
    /** Members being stopped: still recorded, so a crash mid-stop leaves them known. */
    private final List<Slot> stopping = new ArrayList<>();
    private final List<String> applied = new ArrayList<>();
    private int desired;
    /** The id members carry in {@code CAPSTAN_POOL}; kept in the record. */
    private String poolId;
    private String saveProblem;
    private volatile boolean closed;

    /** One member's place in the pool: the member running in it now, or why none is and when one starts. */
    private static final class Slot {
        final int index;
        ProcessHandle handle;
        /** This Capstan's own child (null for an adopted member): the only way to learn an exit code. */
        Process process;
        Instant startedAt;
        String bootStart;
        /** The member leads its own process group (started through setsid), which outlives it while its children do. */
        boolean ownGroup;
        Instant upSince;
        boolean ready;
        String notReady;
        boolean checking;
        Instant nextCheck = Instant.MIN;
        int crashes;
        Instant restartAt = Instant.MIN;
        String lastExit;

        Slot(int index) {
            this.index = index;
        }
    }

    /** A member as tests and messages see it. */
    record MemberView(int index, long pid, Instant startedAt, boolean alive) {}

    private ProcessPool(PoolSettings settings, ActuatorContext context) {
        this.settings = settings;
        this.context = context;
        this.key = "process/" + context.target();
        this.logs = settings.logDirectory() != null ? settings.logDirectory()
                : context.dataDirectory().resolve("process").resolve(safe(context.target())).resolve("logs");
        String name = "capstan-pool-" + context.target();
        this.supervisor = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name));
        this.checks = Executors.newCachedThreadPool(r -> daemon(r, name + "-readiness"));
    }

    /** Reads the pool's record, adopts the members that still run and starts supervising. */
    static ProcessPool open(PoolSettings settings, ActuatorContext context) {
        ProcessPool pool = new ProcessPool(settings, context);
        try {
            pool.adopt();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        pool.supervisor.scheduleWithFixedDelay(pool::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        return pool;
    }

    private void adopt() {
        PoolRecord record = load();
        List<Slot> extra = new ArrayList<>();
        synchronized (lock) {
            poolId = record.pool() != null ? record.pool() : java.util.UUID.randomUUID().toString();
            desired = record.desired();
            applied.addAll(record.applied());
            for (int k = 0; k < desired; k++) slots.put(k, new Slot(k));
            for (PoolRecord.Member m : record.members()) {
                Optional<ProcessHandle> h = ProcessHandle.of(m.pid()).filter(ProcessTree::runs);
                Instant started = h.flatMap(p -> p.info().startInstant()).orElse(null);
                String was = "member " + m.index() + " (pid " + m.pid() + ")";
                if (h.isEmpty()) {
                    event(was + " stopped while Capstan was not running; starting it anew");
                } else if (!m.is(h.get())) {
                    event("pid " + m.pid() + " of member " + m.index() + " now belongs to another process (started " + started
                            + ", not " + m.startedAt() + "); it is not adopted, and member " + m.index() + " is started anew");
                } else {
                    Slot s = new Slot(m.index());
                    s.handle = h.get();
                    s.startedAt = m.startedAt();
                    s.bootStart = m.bootStart();
                    s.ownGroup = ProcessTree.leadsGroup(m.pid());
                    s.upSince = context.clock().instant();
                    if (m.index() < desired && slots.get(m.index()).handle == null) {
                        slots.put(m.index(), s);
                        event("adopted " + was + ", running since " + started);
                    } else {
                        extra.add(s);
                    }
                }
            }
            findUnrecorded(record, extra);
            stopping.addAll(extra);
            saveQuietly();
        }
        if (!extra.isEmpty()) {
            event("stopping " + extra.size() + " member(s) beyond the count of " + desired + " (left by a crash)");
            stop(extra);
        }
    }

    /**
     * Members that carry this pool's id but are not in its record: started in the instant before a crash, too late to
     * be recorded (a scale-out starts its new members one after another and records them after). The pool's id is a
     * random UUID only its members carry, so each such process is ours: it is adopted into its number's slot, and
     * the count grows to the highest number adopted (a number between without a member is started anew). The
     * decision that asked for them is applied again on restart and starts only what is still missing, or stops the
     * excess newest first when it asks for fewer. Only a process whose number is already taken (or unreadable) is stopped.
     */
    private void findUnrecorded(PoolRecord record, List<Slot> extra) {
        java.util.Set<Long> recorded = new java.util.HashSet<>();
        record.members().forEach(m -> recorded.add(m.pid()));
        List<ProcessHandle> found = new ArrayList<>(ProcessTree.groupLeadersWith(ProcessActuatorFactory.POOL_VARIABLE, poolId));
        found.sort(java.util.Comparator.comparing(h -> h.info().startInstant().orElse(Instant.EPOCH)));
        for (ProcessHandle h : found) {
            if (recorded.contains(h.pid()) || !ProcessTree.runs(h)) continue;
            String number = ProcessTree.variable(h.pid(), ProcessActuatorFactory.MEMBER_VARIABLE);
            int index = number != null && number.matches("[0-9]{1,6}") ? Integer.parseInt(number) : -1;
            Slot s = new Slot(index);
            s.handle = h;
            s.startedAt = h.info().startInstant().orElse(Instant.EPOCH);
            s.bootStart = ProcessTree.bootStart(h.pid());
            s.ownGroup = true;
            s.upSince = context.clock().instant();
            String was = "found member " + number + " (pid " + h.pid() + ") running but not recorded (started just before Capstan stopped); ";
            Slot slot = index < 0 ? null : slots.get(index);
            if (index >= 0 && (slot == null || slot.handle == null)) {
                for (int k = slots.size(); k < index; k++) slots.putIfAbsent(k, new Slot(k));
                slots.put(index, s);
                desired = Math.max(desired, slots.size());
                event(was + "adopted");
            } else {
                extra.add(s);
                event(was + (index < 0 ? "its member number is unreadable" : "member " + index + " is already running") + "; stopping it");
            }
        }
    }

    private PoolRecord load() {
        Optional<String> text;
        try {
            text = context.state().load(key);
        } catch (IOException e) {
            throw new ActuatorException("cannot read the process pool's record for target '" + context.target() + "': " + e.getMessage(), true, e);
        }
        if (text.isEmpty()) return PoolRecord.EMPTY;
        try {
            return PoolRecord.decode(text.get());
        } catch (IllegalArgumentException e) {
            throw new ActuatorException("the process pool's record for target '" + context.target() + "' is unreadable (" + e.getMessage()
                    + "); move it away to start afresh, and stop by hand the members it lists", false, e);
        }
    }

    @Override
    public Capacity observe() {
        synchronized (lock) {
            Instant now = context.clock().instant();
            int current = 0;
            int ready = 0;
            List<String> notes = new ArrayList<>();
            for (Slot s : slots.values()) {
                if (running(s)) {
                    current++;
                    if (settings.readiness() == null || s.ready) ready++;
                    else notes.add("member " + s.index + " (pid " + s.handle.pid() + ") is starting: not ready yet"
                            + (s.notReady == null ? "" : " (" + s.notReady + ")"));
                } else if (s.handle != null) {
                    notes.add("member " + s.index + " (pid " + s.handle.pid() + ") has exited; it is restarted shortly");
                } else if (s.lastExit != null) {
                    notes.add("member " + s.index + " is down (" + s.lastExit + "); restarting "
                            + (s.restartAt.isAfter(now) ? "in " + Durations.format(Duration.between(now, s.restartAt)) : "now"));
                }
                if (s.crashes >= settings.restart().crashLoopAfter()) {
                    notes.add("member " + s.index + " is crash-looping: " + s.crashes + " crashes in a row, the last: " + s.lastExit
                            + "; see " + logFile(s.index));
                }
            }
            if (saveProblem != null) notes.add(saveProblem);
            return new Capacity(desired, current, ready, now, notes);
        }
    }

    @Override
    public Outcome apply(Actuation actuation) {
        String id = actuation.decisionId();
        synchronized (applying) {
            List<String> changes = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            List<Slot> toStop = new ArrayList<>();
            int before;
            synchronized (lock) {
                if (applied.contains(id)) return new Outcome.AlreadyApplied(id, running());
                before = running();
                int target = actuation.desired();
                if (target > slots.size()) {
                    String why = cannotStart(target);
                    if (why != null) return new Outcome.Failed(id, false, why, List.of());
                }
                desired = target;
                // newest first: the highest numbers are the slots added last
                while (slots.size() > target) {
                    Slot s = slots.pollLastEntry().getValue();
                    // a member that already exited (its restart pending) has nothing left to stop
                    if (running(s)) toStop.add(s);
                }
                stopping.addAll(toStop);
                Instant now = context.clock().instant();
                for (int k = slots.size(); k < target; k++) {
                    Slot s = new Slot(k);
                    slots.put(k, s);
                    String started = start(s, now);
                    if (s.handle != null) changes.add(started);
                    else failures.add(started);
                }
                // recorded before the stop and before the decision: a crash from here on leaves every member known
                saveQuietly();
            }
            changes.addAll(stop(toStop));
            synchronized (lock) {
                if (failures.isEmpty()) applied.add(id);
                try {
                    save();
                } catch (IOException e) {
                    failures.add(saveProblem);
                }
                if (!failures.isEmpty()) return new Outcome.Failed(id, true, String.join("; ", failures), changes);
                return new Outcome.Applied(id, before, running(), changes);
            }
        }
    }

    /** Why members cannot be started at all (a setting, not the moment), or null. */
    private String cannotStart(int target) {
        String missing = settings.missingHere();
        if (missing != null) return missing;
        if (settings.portBase() != null && (long) settings.portBase() + target - 1 > 65535) {
            return "member " + (target - 1) + " would get port " + (settings.portBase() + target - 1L) + ", above 65535";
        }
        return null;
    }

    /** Stops members outside the lock, newest first as given; what happened to each. */
    private List<String> stop(List<Slot> members) {
        if (members.isEmpty()) return List.of();
        for (Slot s : members) {
            event("stopping member " + s.index + " (pid " + s.handle.pid() + "): waiting up to " + Durations.format(settings.gracePeriod())
                    + " for it to exit after SIGTERM");
        }
        List<String> ends;
        try {
            ends = ProcessTree.stop(members.stream().map(s -> s.handle).toList(), settings.gracePeriod());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("interrupted while stopping members");
        }
        List<String> changes = new ArrayList<>();
        synchronized (lock) {
            for (int i = 0; i < members.size(); i++) {
                Slot s = members.get(i);
                changes.add("stopped member " + s.index + " (pid " + s.handle.pid() + "): " + ends.get(i));
                stopping.remove(s);
            }
            saveQuietly();
        }
        return changes;
    }

    /** Starts a member in its slot (under the lock); what happened, for an outcome or an event. */
    private String start(Slot s, Instant now) {
        Path log = logFile(s.index);
        List<String> command = new ArrayList<>();
        if (ProcessTree.SETSID != null) command.add(ProcessTree.SETSID);
        command.addAll(settings.command());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (settings.workingDirectory() != null) pb.directory(settings.workingDirectory().toFile());
        pb.environment().putAll(memberEnv(s.index));
        try {
            Files.createDirectories(logs);
            Files.writeString(log, "--- capstan: member " + s.index + " starting at " + now + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process p = pb.start();
            s.process = p;
            s.handle = p.toHandle();
            s.startedAt = s.handle.info().startInstant().orElse(Instant.EPOCH);
            s.bootStart = ProcessTree.bootStart(s.handle.pid());
            s.ownGroup = ProcessTree.SETSID != null;
            s.upSince = now;
            s.ready = false;
            s.notReady = null;
            s.nextCheck = now;
            return "started member " + s.index + " (pid " + s.handle.pid() + ")";
        } catch (IOException e) {
            s.handle = null;
            s.process = null;
            s.crashes++;
            s.lastExit = "could not start: " + e.getMessage();
            s.restartAt = now.plus(backoff(s));
            return "member " + s.index + " could not start (" + e.getMessage() + "); trying again in " + Durations.format(backoff(s));
        }
    }

    private Map<String, String> memberEnv(int index) {
        Map<String, String> env = new HashMap<>(settings.env());
        env.put(ProcessActuatorFactory.MEMBER_VARIABLE, Integer.toString(index));
        env.put(ProcessActuatorFactory.POOL_VARIABLE, poolId);
        if (settings.portBase() != null) env.put(ProcessActuatorFactory.PORT_VARIABLE, Integer.toString(settings.portBase() + index));
        return env;
    }

    private Duration backoff(Slot s) {
        return settings.restart().backoff().withSeed(s.index).delay(Math.max(1, s.crashes));
    }

    /** The supervisor's round: exits noticed, restarts due, readiness checks due. */
    private void tick() {
        if (closed) return;
        try {
            synchronized (lock) {
                Instant now = context.clock().instant();
                boolean changed = false;
                for (Slot s : slots.values()) {
                    if (s.handle != null && !running(s)) {
                        exited(s, now);
                        changed = true;
                    }
                    if (s.handle == null && !now.isBefore(s.restartAt)) {
                        String what = start(s, now);
                        event(s.handle == null ? what : what.replace("started", "restarted"));
                        changed = true;
                    }
                    if (s.handle != null && s.crashes > 0 && Duration.between(s.upSince, now).compareTo(settings.restart().resetAfter()) >= 0) {
                        s.crashes = 0;
                        event("member " + s.index + " (pid " + s.handle.pid() + ") has run for "
                                + Durations.format(settings.restart().resetAfter()) + "; its crash count starts again");
                    }
                    if (s.handle != null && settings.readiness() != null && !s.checking && !now.isBefore(s.nextCheck)) {
                        s.checking = true;
                        ProcessHandle member = s.handle;
                        checks.execute(() -> check(s, member));
                    }
                }
                if (changed) saveQuietly();
            }
        } catch (RuntimeException e) {
            // the supervisor must keep running: a bug here would otherwise end every later restart silently
            event("the process pool's supervisor failed a round: " + e);
        }
    }

    private void exited(Slot s, Instant now) {
        Duration ran = Duration.between(s.upSince, now);
        String how = s.process == null ? "exited (exit code unknown: it was adopted after a restart of Capstan)"
                : exitDescription(s.process.exitValue());
        s.crashes = ran.compareTo(settings.restart().resetAfter()) >= 0 ? 1 : s.crashes + 1;
        Duration wait = backoff(s);
        s.restartAt = now.plus(wait);
        long pid = s.handle.pid();
        if (s.ownGroup) ProcessTree.stopLeftovers(pid);
        s.lastExit = how + " after " + Durations.format(ran.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        s.handle = null;
        s.process = null;
        s.ready = false;
        boolean looping = s.crashes >= settings.restart().crashLoopAfter();
        event("member " + s.index + " (pid " + pid + ") " + s.lastExit + "; restarting in " + Durations.format(wait)
                + (looping ? " (crash-looping: " + s.crashes + " crashes in a row; see " + logFile(s.index) + ")"
                : s.crashes > 1 ? " (crash " + s.crashes + " in a row)" : ""));
    }

    private static String exitDescription(int code) {
        // the JDK reports a child killed by signal N as exit code 128 + N
        return code > 128 && code < 160 ? "was killed by signal " + (code - 128) : "exited with code " + code;
    }

    private void check(Slot s, ProcessHandle member) {
        String why;
        try {
            why = settings.readiness().check(memberEnv(s.index), member);
        } catch (InterruptedException e) {
            return;
        } catch (RuntimeException e) {
            why = "readiness check failed: " + e;
        }
        synchronized (lock) {
            s.checking = false;
            s.nextCheck = context.clock().instant().plus(settings.readiness().interval());
            if (s.handle != member) return;
            if (why == null && !s.ready) event("member " + s.index + " (pid " + member.pid() + ") is ready");
            if (why != null && s.ready) event("member " + s.index + " (pid " + member.pid() + ") is no longer ready: " + why);
            s.ready = why == null;
            s.notReady = why;
        }
    }

    private int running() {
        int n = 0;
        for (Slot s : slots.values()) if (running(s)) n++;
        return n;
    }

    /**
     * Whether the slot's member runs. A child of this Capstan counts until the JDK has reaped it, so that its exit
     * code is known when the exit is noticed; an adopted member is asked through its handle.
     */
    private static boolean running(Slot s) {
        return s.process != null ? s.process.isAlive() : s.handle != null && ProcessTree.runs(s.handle);
    }

    private void save() throws IOException {
        List<PoolRecord.Member> members = new ArrayList<>();
        for (Slot s : slots.values()) if (s.handle != null) members.add(member(s));
        for (Slot s : stopping) members.add(member(s));
        try {
            context.state().save(key, new PoolRecord(poolId, desired, applied, members).encode());
            saveProblem = null;
        } catch (IOException e) {
            saveProblem = "cannot record the pool's members durably (" + e.getMessage() + "): a crash of Capstan now would forget them";
            throw e;
        }
    }

    private static PoolRecord.Member member(Slot s) {
        return new PoolRecord.Member(s.index, s.handle.pid(), s.startedAt, s.bootStart);
    }

    private void saveQuietly() {
        try {
            save();
        } catch (IOException e) {
            event(saveProblem);
        }
    }

    Path logFile(int index) {
        return logs.resolve("member-" + index + ".log");
    }

    /** Every member running or being stopped, for tests. */
    List<MemberView> members() {
        synchronized (lock) {
            List<MemberView> all = new ArrayList<>();
            for (Slot s : slots.values()) {
                if (s.handle != null) all.add(new MemberView(s.index, s.handle.pid(), s.startedAt, running(s)));
            }
            return all;
        }
    }

    private void event(String line) {
        context.events().accept(context.target() + ": " + line);
    }

    /** Lets go of the members: they keep running, recorded for the next Capstan to adopt. */
    @Override
    public void close() {
        closed = true;
        supervisor.shutdownNow();
        checks.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * The target's directory name: the name itself when it is all {@code [A-Za-z0-9._-]} (as before, so a pool adopts
     * its members after an upgrade), else the name with those replaced by {@code _} plus {@code ~} and a hash of the
     * exact name, so {@code wö} and {@code wä} never share a directory (no safe name holds a {@code ~}).
     */
    static String safe(String name) {
        String replaced = name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (replaced.equals(name)) return name;
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return replaced + "~" + java.util.HexFormat.of().formatHex(h, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
