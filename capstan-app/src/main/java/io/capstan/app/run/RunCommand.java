package io.capstan.app.run;

import io.capstan.app.actuator.ActuatorContext;
import io.capstan.app.actuator.ActuatorFactory;
import io.capstan.app.config.LiveSections;
import io.capstan.app.config.PolicyFile;
import io.capstan.app.history.LiveHistory;
import io.capstan.app.input.InputLimits;
import io.capstan.app.input.Problem;
import io.capstan.app.input.Problems;
import io.capstan.app.source.SourceFactory;
import io.capstan.app.store.jdbc.JdbcDecisionStore;
import io.capstan.core.decide.Decider;
import io.capstan.core.engine.TargetRuntime;
import io.capstan.core.spi.Actuator;
import io.capstan.core.spi.Backoff;
import io.capstan.core.spi.DecisionStore;
import io.capstan.core.spi.MetricHistory;
import io.capstan.core.spi.MetricSource;
import io.capstan.core.spi.StoreException;
import io.capstan.core.target.TargetSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code capstan run --config FILE}: the live loop. Reads the whole config first (policy and live sections); a bad
 * one is every problem at its place and exit 1, with nothing started. Then opens the store, binds the API (/health
 * "starting", changes 503), resumes what a previous run left unfinished, and ticks until SIGTERM or SIGINT, which
 * finish the tick in flight, save the state, close the actuators (their capacity keeps running) and exit 0.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the control loop: watch live metrics, decide with the same engine as simulate, change real capacity"
                + " through each target's actuator, and record every decision.",
                "Prints 'listening on http://HOST:PORT' once the API is ready."},
        footer = {"", "The API token comes from CAPSTAN_API_TOKEN or --token-file; without one, changes are accepted only from this machine.",
                "Docs: docs/run.md."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by SIGTERM or SIGINT", "1:bad config, or the store, an actuator or the address could not be opened",
                "2:usage error", "70:internal error (a bug in Capstan: please report it)"})
public final class RunCommand implements java.util.concurrent.Callable<Integer> {
    /** How often the store's retention and the H2 file's size are looked at. */
    static final java.time.Duration MAINTAIN_EVERY = java.time.Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger("capstan");
    static final String TOKEN_VARIABLE = "CAPSTAN_API_TOKEN";

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the policy file with its live sections (actuator:, source:, sources:, controller:, store:)")
    Path config;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "where the API listens (default: 127.0.0.1:8080)")
    String listen = "127.0.0.1:8080";

    @Option(names = "--data", paramLabel = "DIR", description = "where the embedded store and actuator files live (default: ./capstan-data)")
    Path data = PolicyFile.DEFAULT_DATA;

    @Option(names = "--dry-run", description = "decide and record, never change capacity")
    boolean dryRun;

    @Option(names = "--token-file", paramLabel = "FILE", description = "a file holding the API token (instead of CAPSTAN_API_TOKEN)")
    Path tokenFile;

    @Option(names = "--log-format", paramLabel = "FORMAT", description = "plain (default) or json")
    LogFormat logFormat = LogFormat.plain;

    enum LogFormat { plain, json }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Logs.configure(logFormat == LogFormat.json);
        PolicyFile.Live read = PolicyFile.loadLive(config, data, InputLimits.DEFAULT);
        List<Problem> problems = problems(read);
        if (!problems.isEmpty()) {
            for (Problem p : problems) err.println(p);
            err.flush();
            return 1;
        }
        for (Problem w : read.policy().warnings()) err.println(w);
        String token;
        try {
            token = token(err);
        } catch (TokenFile.Unusable e) {
            err.println("capstan run: " + e.getMessage());
            return 1;
        }
        int colon = listen.lastIndexOf(':');
        String host = colon > 0 ? listen.substring(0, colon) : "";
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
            if (host.isEmpty() || port < 0 || port > 65535) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            err.println("capstan run: --listen: expected HOST:PORT such as 127.0.0.1:8080, found '" + listen + "'");
            return 1;
        }
        try {
            if (token == null && !InetAddress.getByName(host).isLoopbackAddress()) {
                err.println("capstan run: --listen " + listen + " is not a loopback address and no API token is set: set "
                        + TOKEN_VARIABLE + " or --token-file, or listen on 127.0.0.1");
                return 1;
            }
        } catch (UnknownHostException e) {
            err.println("capstan run: --listen: unknown host '" + host + "'");
            return 1;
        }
        try (DataDirectory held = DataDirectory.open(data)) {
            return run(read, token, host, port, out, err);
        } catch (DataDirectory.Unusable e) {
            err.println("capstan run: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Every problem that keeps a run config from running, located: the policy's, and each target without an actuator.
     * Empty for a config {@code capstan run} can start (or a reload can take).
     */
    static List<Problem> problems(PolicyFile.Live read) {
        List<Problem> all = new java.util.ArrayList<>();
        for (Problem p : read.policy().problems()) if (p.isError()) all.add(p);
        if (read.live() == null) {
            if (all.isEmpty()) all.add(Problem.error(read.policy().file(), 0, 0, "", "capstan run reads a policy file; a HorizontalPodAutoscaler manifest runs as a target of one: targets: [{name: web, hpa: <the manifest>,"
                    + " metrics: {cpu: {source: push}}, actuator: {type: process, command: [...]}}] (docs/run.md)"));
            return all;
        }
        Problems problems = new Problems(read.policy().file());
        for (TargetSpec t : read.policy().targets()) {
            var actuator = read.live().actuators().get(t.name());
            // what only this machine can say (a program not installed here): checked before anything starts
            if (actuator != null) actuator.preflight(problems);
            if (actuator == null) {
                problems.add(read.live().targetAt().get(t.name()), "target " + t.name()
                        + " has no actuator: capstan run needs one per target, e.g. actuator: {type: process, command: [\"sh\", \"-c\", \"exec my-server\"]}");
            }
        }
        all.addAll(problems.list());
        return all;
    }

    private String token(PrintWriter err) throws TokenFile.Unusable {
        if (tokenFile != null) {
            TokenFile.Read read = TokenFile.read(tokenFile);
            if (read.warning() != null) err.println("capstan run: " + read.warning());
            return read.token();
        }
        String t = System.getenv(TOKEN_VARIABLE);
        return t == null || t.isBlank() ? null : t.strip();
    }

    private int run(PolicyFile.Live read, String token, String host, int port, PrintWriter out, PrintWriter err) {
        LiveSections.Live live = read.live();
        Clock clock = Clock.systemUTC();
        JdbcDecisionStore store;
        try {
            Files.createDirectories(data);
            store = JdbcDecisionStore.open(live.store());
        } catch (StoreException | IOException e) {
            err.println("capstan run: cannot open the store " + live.store().safeUrl() + ": " + live.store().redact(e.getMessage()));
            return 1;
        }
        Controller controller;
        try {
            controller = controller(read, store, data, clock, dryRun);
        } catch (RuntimeException e) {
            err.println("capstan run: cannot start: " + e.getMessage());
            store.close();
            return 1;
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "capstan-tick"));
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.ScheduledFuture<?>> ticking = new java.util.concurrent.atomic.AtomicReference<>();
        Runnable tick = () -> {
            try {
                controller.tick();
            } catch (RuntimeException e) {
                LOG.error("tick failed: {}", e.toString());
            }
        };
        // a reload that changes controller.interval: the next tick comes one new interval after the reload
        Reload reload = new Reload(config, data, read, controller, clock, interval -> {
            var previous = ticking.getAndSet(ticker.scheduleWithFixedDelay(tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS));
            if (previous != null) previous.cancel(false);
        });
        ApiServer api = new ApiServer(controller, store, token, clock, reload);
        CountDownLatch stop = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger stopSignals = new java.util.concurrent.atomic.AtomicInteger();
        Signals.onStop(() -> {
            if (stopSignals.getAndIncrement() == 0) {
                stop.countDown();
                return;
            }
            // a second signal does not cut the stop short: an action half applied is what a restart must resume
            List<String> busy = controller.applyingNow();
            LOG.warn("still stopping{}; kill -9 {} stops at once (members keep running; the next start adopts them and resumes the action)",
                    busy.isEmpty() ? "" : ": waiting for " + String.join(", ", busy), ProcessHandle.current().pid());
        });
        Signals.onReload(reload::onSignal);
        try {
            // Bound before resuming: finishing what a crash left (a scale-in may wait out a gracePeriod) can take a
            // while, and a supervisor's liveness probe must find /health answering ("starting") meanwhile, not a
            // refused connection it would restart Capstan for. Changes wait (503) until ready.
            int bound;
            try {
                bound = api.start(host, port);
            } catch (RuntimeException e) {
                err.println("capstan run: cannot listen on " + listen + ": " + ApiServer.why(e));
                return 1;
            }
            String address = "http://" + host + ":" + bound;
            LOG.info("starting: the API answers on {} (/health says starting, /ready 503, changes 503 until ready); resuming unfinished actions", address);
            controller.resume();
            ticking.set(ticker.scheduleWithFixedDelay(tick, 0, live.interval().toMillis(), TimeUnit.MILLISECONDS));
            // Retention hourly (never a state, a flag or an unfinished action: see DecisionStore#purge), and the H2
            // file compacted once it has grown enough: on the tick thread, so no tick runs meanwhile. The size is checked
            // every 10 s (a stat), because a flood of pushes can append a gigabyte in a minute.
            ticker.scheduleWithFixedDelay(() -> store.maintain(clock.instant()), MAINTAIN_EVERY.toMillis(), MAINTAIN_EVERY.toMillis(),
                    TimeUnit.MILLISECONDS);
            controller.metrics.watchStore(store);
            api.ready();
            out.println(logFormat == LogFormat.json ? DecisionJson.write(java.util.Map.of("message", "listening on " + address, "url", address))
                    : "listening on " + address);
            out.flush();
            LOG.info("running {} target(s) every {}{}", controller.targets().size(), io.capstan.core.model.Durations.format(live.interval()), dryRun ? " (dry run: nothing is changed)" : "");
            stop.await();
            api.stopping();
            List<String> busy = controller.applyingNow();
            LOG.info("stopping: finishing the tick in flight and saving state{}", busy.isEmpty() ? ""
                    : "; waiting for " + String.join(", ", busy) + " (a member being stopped may take its gracePeriod, then is killed)");
            return 0;
        } catch (StoreException e) {
            err.println("capstan run: cannot resume unfinished actions: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            ticker.shutdown();
            try {
                ticker.awaitTermination(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            api.close();
            controller.close();
            store.close();
        }
    }

    /**
     * Opens every target's actuator (which adopts what still runs) and every polled source of a valid run config.
     * On a failure, closes what it opened and throws.
     */
    static Controller controller(PolicyFile.Live read, DecisionStore store, Path data, Clock clock, boolean dryRun) {
        LiveSections.Live live = read.live();
        Map<String, TargetLoop> loops = new LinkedHashMap<>();
        Map<String, MetricSource> sources = new LinkedHashMap<>();
        try {
            for (TargetSpec t : read.policy().targets()) {
                loops.put(t.name(), new TargetLoop(t.name(), new TargetRuntime(t, new Decider()), actuator(t.name(), live.actuators().get(t.name()), store, data, clock)));
            }
            for (Map.Entry<String, SourceFactory.Configured> s : live.sources().sources().entrySet()) sources.put(s.getKey(), s.getValue().open());
        } catch (RuntimeException e) {
            loops.values().forEach(l -> l.actuator.close());
            sources.values().forEach(MetricSource::close);
            throw e;
        }
        Controller c = new Controller(loops, store, sources, live.sources().bindings(), clock, dryRun,
                Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30), 1));
        if (store instanceof MetricHistory h) c.useHistory(LiveHistory.of(h, live.store().historyStep()));
        return c;
    }

    /** Opens a target's actuator, which adopts what still runs for it. */
    static Actuator actuator(String target, ActuatorFactory.Configured configured, DecisionStore store, Path data, Clock clock) {
        return configured.open(new ActuatorContext(target, data.toAbsolutePath(), new StoreActuatorState(store, target, clock), clock,
                line -> {
                    // a crash loop needs a person; the rest (started, adopted, restarted) is what happened
                    if (line.contains("crash-looping")) LOG.warn("{}", line);
                    else LOG.info("{}", line);
                }));
    }
}
