package io.capstan.app.run;

import io.capstan.app.config.LiveSections;
import io.capstan.app.config.PolicyFile;
import io.capstan.app.input.InputLimits;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problem;
import io.capstan.app.input.Problems;
import io.capstan.app.source.Sources;
import io.capstan.core.decide.Decider;
import io.capstan.core.engine.TargetRuntime;
import io.capstan.core.model.Durations;
import io.capstan.core.spi.Actuator;
import io.capstan.core.spi.ActuatorException;
import io.capstan.core.spi.MetricSource;
import io.capstan.core.spi.StoreException;
import io.capstan.core.target.TargetSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A config reload of a running {@code capstan run}, by SIGHUP or {@code POST /api/v1/reload}: reads the config file
 * again and takes what changed, or nothing at all.
 *
 * <p>All or nothing: a config with any problem (it cannot be read, does not parse, fails validation, a target has no
 * actuator), or whose new actuators or sources cannot be opened, leaves the running config exactly as it was, and
 * the located problems are logged and answered. What a reload takes:
 * <ul>
 *   <li>a target added: its actuator is opened (a process pool adopts members it finds recorded for that target name),
 *       its saved state is loaded (a target removed and added again continues its clocks);</li>
 *   <li>a target removed: its unfinished actions are ABANDONED, its state is saved, and its actuator is closed, which
 *       never stops what it runs: a process pool's members keep running unsupervised (no restart after a crash, no
 *       scaling) until the target is added back (they are adopted) or someone stops them;</li>
 *   <li>a target's policies changed: it continues with the new spec, its state reconciled (sustain and cooldown clocks
 *       are keyed by policy name and condition, so unchanged ones survive) and the latest sample of each metric it still
 *       reads carried over; longer windows fill again;</li>
 *   <li>a target's actuator settings changed: the actuator is closed (its members keep running) and opened again with
 *       the new settings, adopting the running members: they keep the settings they were started with, and members
 *       started from then on (scaling out, restarting one that crashed) get the new ones; scale in and out, or restart
 *       members, to roll them;</li>
 *   <li>sources added, removed or with changed settings: reopened; a metric's changed {@code source:} is polled as
 *       now written from the next tick;</li>
 *   <li>{@code controller.interval}: the next tick comes one new interval after the reload;</li>
 *   <li>{@code store:}: reported, and taken at the next start (decisions are not moved between stores).</li>
 * </ul>
 * Targets that did not change keep everything (windows, state, actuator) untouched.
 *
 * <p>Concurrency: one reload at a time. Its changes are made under the write side of the controller's config lock,
 * so no tick or push is half-way through when targets, sources and bindings are swapped (a push lands wholly before or
 * wholly after), and under the monitor of every target it changes, after any actuator call on a target it removes or
 * whose actuator it replaces has ended (waiting up to {@link #APPLY_WAIT}; past that the reload is refused and can be
 * sent again).
 */
final class Reload {
    private static final Logger LOG = LoggerFactory.getLogger("capstan");
    /** How long a reload waits for an action being applied to a target it removes or whose actuator it replaces. */
    static final Duration APPLY_WAIT = Duration.ofSeconds(60);

    private final Path config;
    private final Path data;
    private final Controller controller;
    private final Clock clock;
    private final Consumer<Duration> onInterval;
    /** The config running now; replaced by a reload that takes a new one. */
    private PolicyFile.Live running;

    /**
     * What a reload did.
     *
     * @param changes  one line per change taken; empty when the config is the running one
     * @param problems why nothing was taken, located; empty when the reload succeeded
     * @param busy     true when it was refused because an action was still being applied
     */
    record Result(List<String> changes, List<Problem> problems, boolean busy) {
        Result {
            changes = List.copyOf(changes);
            problems = List.copyOf(problems);
        }

        boolean taken() {
            return problems.isEmpty();
        }
    }

    /** @param onInterval told the new tick interval when a reload changes it */
    Reload(Path config, Path data, PolicyFile.Live running, Controller controller, Clock clock, Consumer<Duration> onInterval) {
        this.config = config;
        this.data = data;
        this.running = running;
        this.controller = controller;
        this.clock = clock;
        this.onInterval = onInterval;
    }

    /** SIGHUP: reloads and logs what happened. */
    void onSignal() {
        logged(null);
    }

    /**
     * Reloads and logs what happened as SIGHUP does, saying who asked when it came through the API; a refusal is an
     * ERROR for SIGHUP (nobody else hears of it), a WARN for the API (its caller is answered with it too).
     *
     * @param who who asked through the API (as the manual endpoints record it), or null for SIGHUP
     */
    Result logged(String who) {
        Result r = reload();
        String by = who == null ? "" : " by " + who;
        if (!r.taken()) {
            String head = "reload" + by + ": {} {}, keeping the running config:";
            String what = r.busy() ? "cannot be taken now" : "has problems";
            if (who == null) LOG.error(head, config, what);
            else LOG.warn(head, config, what);
            for (Problem p : r.problems()) {
                if (who == null) LOG.error("  {}", p);
                else LOG.warn("  {}", p);
            }
            return r;
        }
        LOG.info("reload{}: {} read{}", by, config, r.changes().isEmpty() ? ", nothing changed" : "");
        for (String line : r.changes()) LOG.info("reload: {}", line);
        return r;
    }

    /** Reads the config file again and takes it whole, or nothing of it. */
    synchronized Result reload() {
        PolicyFile.Live read = PolicyFile.loadLive(config, data, InputLimits.DEFAULT);
        List<Problem> problems = RunCommand.problems(read);
        if (!problems.isEmpty()) return new Result(List.of(), problems, false);
        Plan plan = Plan.between(running, read);
        if (plan.isEmpty()) return new Result(List.of(), List.of(), false);
        try {
            return take(read, plan);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(List.of(), List.of(problem(config, null, "the reload was interrupted; the running config is kept")), true);
        }
    }

    // ---------------------------------------------------------------- what changed

    /** What differs between the running config and a new one, by target name and source type. */
    record Plan(List<String> added, List<String> removed, List<String> specChanged, List<String> actuatorChanged,
                Set<String> sourcesOpened, Set<String> sourcesClosed, List<String> bindingChanges, Duration interval,
                boolean storeChanged) {

        static Plan between(PolicyFile.Live was, PolicyFile.Live now) {
            Map<String, TargetSpec> before = byName(was.policy().targets());
            Map<String, TargetSpec> after = byName(now.policy().targets());
            List<String> added = new ArrayList<>();
            List<String> specChanged = new ArrayList<>();
            List<String> actuatorChanged = new ArrayList<>();
            for (TargetSpec t : after.values()) {
                TargetSpec old = before.get(t.name());
                if (old == null) {
                    added.add(t.name());
                    continue;
                }
                if (!old.equals(t)) specChanged.add(t.name());
                if (!canonical(actuatorAt(was, t.name())).equals(canonical(actuatorAt(now, t.name())))) actuatorChanged.add(t.name());
            }
            List<String> removed = new ArrayList<>();
            for (String name : before.keySet()) if (!after.containsKey(name)) removed.add(name);
            Set<String> typesBefore = was.live().sources().sources().keySet();
            Set<String> typesAfter = now.live().sources().sources().keySet();
            Set<String> opened = new TreeSet<>();
            Set<String> closed = new TreeSet<>();
            for (String type : typesAfter) {
                if (!typesBefore.contains(type)) opened.add(type);
                else if (!canonical(section(was, type)).equals(canonical(section(now, type)))) {
                    opened.add(type);
                    closed.add(type);
                }
            }
            for (String type : typesBefore) if (!typesAfter.contains(type)) closed.add(type);
            List<String> bindings = new ArrayList<>();
            Set<Sources.Binding> oldBindings = new LinkedHashSet<>(was.live().sources().bindings());
            Set<Sources.Binding> newBindings = new LinkedHashSet<>(now.live().sources().bindings());
            for (Sources.Binding b : newBindings) {
                if (!oldBindings.contains(b)) {
                    bindings.add("target " + b.request().target() + ": metric " + b.request().metric() + " now polled from " + b.type()
                            + (b.request().query().isEmpty() ? "" : " (" + b.request().query() + ")"));
                }
            }
            for (Sources.Binding b : oldBindings) {
                boolean stillPolled = newBindings.stream().anyMatch(n -> n.request().target().equals(b.request().target())
                        && n.request().metric().equals(b.request().metric()));
                if (!stillPolled && after.containsKey(b.request().target())) {
                    bindings.add("target " + b.request().target() + ": metric " + b.request().metric() + " no longer polled from " + b.type());
                }
            }
            Duration interval = was.live().interval().equals(now.live().interval()) ? null : now.live().interval();
            return new Plan(added, removed, specChanged, actuatorChanged, opened, closed, bindings, interval,
                    !was.live().store().equals(now.live().store()));
        }

        boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && specChanged.isEmpty() && actuatorChanged.isEmpty() && sourcesOpened.isEmpty()
                    && sourcesClosed.isEmpty() && bindingChanges.isEmpty() && interval == null && !storeChanged;
        }

        private static Map<String, TargetSpec> byName(List<TargetSpec> specs) {
            Map<String, TargetSpec> m = new LinkedHashMap<>();
            for (TargetSpec t : specs) m.put(t.name(), t);
            return m;
        }
    }

    private static Node actuatorAt(PolicyFile.Live live, String target) {
        return live.live().targetAt().get(target) instanceof Node.Mapping m ? m.get(LiveSections.ACTUATOR) : null;
    }

    private static Node section(PolicyFile.Live live, String type) {
        return live.live().sourcesAt() instanceof Node.Mapping m ? m.get(type) : null;
    }

    /**
     * A section's content without its place in the file: equal for the same settings written at another line, in
     * another key order or with other quoting, so moving a target in the file changes nothing.
     */
    static String canonical(Node node) {
        return switch (node) {
            case null -> "~";
            case Node.Scalar s -> s.isNull() ? "~" : s.kind() + ":" + s.text().length() + ":" + s.text();
            case Node.Sequence q -> {
                StringBuilder b = new StringBuilder("[");
                for (Node item : q.items()) b.append(canonical(item)).append(',');
                yield b.append(']').toString();
            }
            case Node.Mapping m -> {
                StringBuilder b = new StringBuilder("{");
                new java.util.TreeMap<>(m.entries()).forEach((k, e) -> b.append(k.length()).append(':').append(k).append('=').append(canonical(e.value())).append(','));
                yield b.append('}').toString();
            }
        };
    }

    // ---------------------------------------------------------------- taking it

    private Result take(PolicyFile.Live read, Plan plan) throws InterruptedException {
        LiveSections.Live live = read.live();
        Map<String, TargetSpec> specs = new LinkedHashMap<>();
        for (TargetSpec t : read.policy().targets()) specs.put(t.name(), t);
        // Open what is new before changing anything: a source or actuator that cannot be opened keeps the running config.
        Map<String, MetricSource> openedSources = new LinkedHashMap<>();
        Map<String, Actuator> openedActuators = new LinkedHashMap<>();
        try {
            for (String type : plan.sourcesOpened()) openedSources.put(type, live.sources().sources().get(type).open());
        } catch (RuntimeException e) {
            closeAll(openedSources, openedActuators);
            String type = plan.sourcesOpened().stream().filter(t -> !openedSources.containsKey(t)).findFirst().orElse("");
            return refused(problem(read.policy().file(), section(read, type), "cannot open source " + type + ": " + e.getMessage()));
        }
        for (String name : plan.added()) {
            try {
                openedActuators.put(name, RunCommand.actuator(name, live.actuators().get(name), controller.store(), data, clock));
            } catch (RuntimeException e) {
                closeAll(openedSources, openedActuators);
                return refused(problem(read.policy().file(), actuatorAt(read, name), "cannot open the actuator of target " + name + ": " + e.getMessage()));
            }
        }
        var lock = controller.configLock.writeLock();
        lock.lock();
        try {
            Map<String, TargetLoop> current = controller.targets();
            List<TargetLoop> touched = new ArrayList<>();
            for (String name : new TreeSet<>(union(plan.removed(), plan.specChanged(), plan.actuatorChanged()))) touched.add(current.get(name));
            Set<String> waitFor = new LinkedHashSet<>(union(plan.removed(), plan.actuatorChanged()));
            Result r = underMonitors(touched, 0, waitFor, () -> commit(read, plan, specs, current, openedSources, openedActuators));
            if (!r.taken()) closeAll(openedSources, openedActuators);
            return r;
        } finally {
            lock.unlock();
        }
    }

    @FunctionalInterface
    private interface Body {
        Result run() throws InterruptedException;
    }

    /** Runs {@code body} holding the monitor of every target in {@code ts}, once none in {@code waitFor} is applying. */
    private Result underMonitors(List<TargetLoop> ts, int i, Set<String> waitFor, Body body) throws InterruptedException {
        if (i == ts.size()) return body.run();
        TargetLoop t = ts.get(i);
        synchronized (t) {
            if (waitFor.contains(t.name) && !Controller.awaitNotApplying(t, APPLY_WAIT)) {
                return new Result(List.of(), List.of(problem(config, null, "target " + t.name + " is still applying action " + t.inFlight
                        + " after " + Durations.format(APPLY_WAIT) + "; the running config is kept: reload again when it is applied")), true);
            }
            return underMonitors(ts, i + 1, waitFor, body);
        }
    }

    /** Swaps in the new config; every target it touches is locked and none is applying. */
    private Result commit(PolicyFile.Live read, Plan plan, Map<String, TargetSpec> specs, Map<String, TargetLoop> current,
                          Map<String, MetricSource> openedSources, Map<String, Actuator> openedActuators) {
        LiveSections.Live live = read.live();
        List<String> changes = new ArrayList<>();
        // Replace changed actuators first: the one step that can still fail, undone for every target done before it.
        List<String> replaced = new ArrayList<>();
        for (String name : plan.actuatorChanged()) {
            TargetLoop t = current.get(name);
            t.actuator.close();
            try {
                t.actuator = RunCommand.actuator(name, live.actuators().get(name), controller.store(), data, clock);
                replaced.add(name);
            } catch (RuntimeException e) {
                replaced.add(name);
                for (String back : replaced) {
                    TargetLoop b = current.get(back);
                    if (!back.equals(name)) b.actuator.close();
                    try {
                        b.actuator = RunCommand.actuator(back, running.live().actuators().get(back), controller.store(), data, clock);
                    } catch (RuntimeException again) {
                        LOG.error("{}: cannot open its actuator again with the running settings: {}", back, again.getMessage());
                    }
                }
                return refused(problem(read.policy().file(), actuatorAt(read, name), "cannot open the actuator of target " + name
                        + " with the new settings: " + e.getMessage()));
            }
            changes.add("target " + name + ": actuator settings changed; running members are adopted and keep their settings,"
                    + " members started from now on use the new ones (" + members(t.actuator) + ")");
        }
        java.time.Instant now = clock.instant();
        for (String name : plan.removed()) {
            TargetLoop t = current.get(name);
            String members = members(t.actuator);
            int abandoned;
            try {
                abandoned = controller.retire(t, now);
            } catch (StoreException e) {
                // the target is out of the loop either way; its unfinished actions are abandoned at the next start
                LOG.error("{}: cannot abandon its unfinished actions: {}", name, e.getMessage());
                t.retired = true;
                t.actuator.close();
                abandoned = 0;
            }
            changes.add("target " + name + ": removed; its actuator is closed and what it runs keeps running, no longer managed ("
                    + members + "; adding the target back adopts them)" + (abandoned > 0 ? "; " + abandoned + " unfinished action(s) abandoned" : ""));
        }
        // before the targets start: each is warmed from the sources of the config it starts with, not the replaced ones
        Map<String, MetricSource> sources = new LinkedHashMap<>(controller.sources());
        for (String type : plan.sourcesClosed()) {
            MetricSource old = sources.remove(type);
            if (old != null) old.close();
            if (!plan.sourcesOpened().contains(type)) changes.add("source " + type + ": removed");
        }
        for (Map.Entry<String, MetricSource> e : openedSources.entrySet()) {
            changes.add("source " + e.getKey() + (plan.sourcesClosed().contains(e.getKey()) ? ": settings changed, reopened" : ": added"));
            sources.put(e.getKey(), e.getValue());
        }
        for (String name : plan.specChanged()) {
            TargetLoop t = current.get(name);
            TargetSpec spec = specs.get(name);
            TargetRuntime next = t.runtime.respecified(spec);
            controller.warm(name, next, now, sources, live.sources().bindings());
            t.latest.entrySet().removeIf(e -> !spec.metrics().containsKey(e.getKey()));
            t.latest.forEach((metric, v) -> next.add(metric, v.at().toEpochMilli(), v.value()));
            t.sourceErrors.keySet().removeIf(m -> !spec.metrics().containsKey(m));
            t.runtime = next;
            t.lastRecordedHold = null;
            changes.add("target " + name + ": policies changed; its state is kept (clocks of unchanged policies included)");
        }
        Map<String, TargetLoop> targets = new LinkedHashMap<>();
        for (TargetSpec spec : specs.values()) {
            TargetLoop t = current.get(spec.name());
            if (t == null) {
                t = new TargetLoop(spec.name(), new TargetRuntime(spec, new Decider()), openedActuators.get(spec.name()));
                try {
                    controller.restore(t);
                    controller.warm(spec.name(), t.runtime, now, sources, live.sources().bindings());
                } catch (StoreException e) {
                    LOG.warn("{}: saved state cannot be read, starting afresh: {}", spec.name(), e.getMessage());
                }
                changes.add("target " + spec.name() + ": added (" + members(t.actuator) + ")");
            }
            targets.put(spec.name(), t);
        }
        changes.addAll(plan.bindingChanges());
        controller.install(targets, sources, live.sources().bindings());
        controller.forgetSources(plan.sourcesClosed());
        if (plan.interval() != null) {
            changes.add("controller.interval: " + Durations.format(running.live().interval()) + " -> " + Durations.format(plan.interval()));
            onInterval.accept(plan.interval());
        }
        if (plan.storeChanged()) changes.add("store: changed; the running store is kept until the next start of capstan run");
        running = read;
        openedSources.clear();
        openedActuators.clear();
        return new Result(changes, List.of(), false);
    }

    @SafeVarargs
    private static Set<String> union(List<String>... lists) {
        Set<String> all = new LinkedHashSet<>();
        for (List<String> l : lists) all.addAll(l);
        return all;
    }

    /** What an actuator runs now, for a change line: "3 running". */
    private static String members(Actuator a) {
        try {
            return a.observe().current() + " running";
        } catch (ActuatorException e) {
            return "capacity unknown: " + e.getMessage();
        }
    }

    private static void closeAll(Map<String, MetricSource> sources, Map<String, Actuator> actuators) {
        sources.values().forEach(MetricSource::close);
        actuators.values().forEach(Actuator::close);
        sources.clear();
        actuators.clear();
    }

    private static Result refused(Problem p) {
        return new Result(List.of(), List.of(p), false);
    }

    private static Problem problem(Path file, Node at, String message) {
        Problems p = new Problems(file);
        if (at != null) p.add(at, message);
        else return Problem.error(file, 0, 0, "", message);
        return p.list().get(0);
    }
}
