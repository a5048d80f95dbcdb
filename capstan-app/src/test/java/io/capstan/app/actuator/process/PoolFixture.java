package io.capstan.app.actuator.process;

import io.capstan.app.actuator.ActuatorContext;
import io.capstan.app.actuator.ActuatorFactory;
import io.capstan.app.actuator.Actuators;
import io.capstan.app.actuator.FileActuatorStateStore;
import io.capstan.app.input.InputLimits;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Tree;
import io.capstan.core.spi.Actuation;
import io.capstan.core.spi.Outcome;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Opens real process pools under a temporary data directory and, in {@link #close}, kills by PID every process they
 * or the test started (with its descendants), so no test leaves a process behind.
 */
final class PoolFixture implements AutoCloseable {
    final Path data;
    final FileActuatorStateStore state;
    final List<String> events = new CopyOnWriteArrayList<>();
    private final List<ProcessPool> pools = new ArrayList<>();
    private final Set<Long> pids = new LinkedHashSet<>();

    PoolFixture(Path data) {
        this.data = data;
        this.state = new FileActuatorStateStore(data.resolve("actuators"));
    }

    /** The settings an {@code actuator:} section in YAML reads to; fails the test on any problem. */
    static ActuatorFactory.Configured configured(String yaml) {
        Problems problems = new Problems(Path.of("test.yaml"));
        List<Node> docs = Tree.read(yaml, Tree.Format.YAML, InputLimits.DEFAULT, problems);
        ActuatorFactory.Configured c = docs.isEmpty() ? null : Actuators.installed().read(docs.get(0), problems);
        if (problems.hasErrors() || c == null) throw new AssertionError("config problems: " + problems.list());
        return c;
    }

    ProcessPool open(String yaml) {
        return open(yaml, "web");
    }

    ProcessPool open(String yaml, String target) {
        ProcessPool pool = (ProcessPool) configured(yaml).open(new ActuatorContext(target, data, state, Clock.systemUTC(), events::add));
        pools.add(pool);
        return pool;
    }

    Outcome apply(ProcessPool pool, String decision, int desired) {
        Outcome o = pool.apply(new Actuation(decision, "web", desired, "test"));
        track(pool);
        return o;
    }

    /** Remembers the pool's current members (and their children) for cleanup. */
    List<Long> track(ProcessPool pool) {
        List<Long> now = pool.members().stream().map(ProcessPool.MemberView::pid).toList();
        now.forEach(this::track);
        return now;
    }

    void track(long pid) {
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
    }

    /** Two free consecutive ports on 127.0.0.1 (free when asked; nothing else on this machine should take them). */
    static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p;
            try (ServerSocket s = new ServerSocket(0)) {
                p = s.getLocalPort();
            }
            if (p >= 65535) continue;
            try (ServerSocket a = new ServerSocket(p); ServerSocket b = new ServerSocket(p + 1)) {
                return p;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no two free consecutive ports");
    }

    /** A JVM running {@code main} from the test class path, as its own process. */
    static ProcessBuilder jvm(Class<?> main, String... args) {
        return new ProcessBuilder(io.capstan.app.ChildJvm.command(List.of("-XX:+UseSerialGC", "-Xshare:auto"), main.getName(), List.of(args)));
    }

    /** The java command line that runs {@code main} from the test class path, as YAML list items. */
    static String jvmCommand(Class<?> main) {
        StringBuilder b = new StringBuilder("[");
        for (String w : jvm(main).command()) b.append(b.length() > 1 ? ", " : "").append('"').append(w.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        return b.append(']').toString();
    }

    @Override
    public void close() {
        for (ProcessPool p : pools) {
            track(p);
            p.close();
        }
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            });
        }
    }
}
