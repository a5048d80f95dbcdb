package io.capstan.bench;

import io.capstan.app.actuator.ActuatorFactory;
import io.capstan.app.actuator.Actuators;
import io.capstan.app.input.Field;
import io.capstan.app.input.Fields;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Schema;
import io.capstan.app.input.Types;
import io.capstan.core.spi.Actuation;
import io.capstan.core.spi.Actuator;
import io.capstan.core.spi.Capacity;
import io.capstan.core.spi.Outcome;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code actuator: {type: memory, replicas: N}}: capacity that is only a number in memory, for the live-loop
 * benchmarks (registered in this module only, never in a release). It is real to the controller (observed every
 * evaluation, applied idempotently per decision id) and costs nothing itself, so a benchmark measures the loop, not a
 * backend. Every apply call is reported to {@link #onApply} first, with {@link System#nanoTime()} taken at its start.
 */
public final class MemoryActuatorFactory implements ActuatorFactory {
    static final Field<Integer> REPLICAS = Field.optional("replicas", Types.integer(0, 1_000_000), 1, "the count it starts at");
    static final Schema SCHEMA = Schema.of("a memory actuator {type: memory, replicas: N}", Actuators.TYPE, REPLICAS);

    /** Who hears of each apply call (nanoTime at its start, and the actuation); a benchmark sets it. */
    public static volatile ApplyListener onApply = (nanos, a) -> {};

    @FunctionalInterface
    public interface ApplyListener {
        void applied(long nanoTime, Actuation actuation);
    }

    @Override
    public String type() {
        return "memory";
    }

    @Override
    public String doc() {
        return "a count in memory (benchmarks only)";
    }

    @Override
    public Configured read(Node.Mapping section, Problems problems) {
        int before = problems.count();
        Fields f = SCHEMA.open(section, problems);
        Integer replicas = f.get(REPLICAS);
        if (problems.count() > before) return null;
        return context -> new Memory(replicas, context.clock());
    }

    /** The count, its applied decision ids; apply calls are serialized by the monitor, as the contract asks. */
    static final class Memory implements Actuator {
        private final Clock clock;
        private final Set<String> applied = new HashSet<>();
        private volatile int replicas;

        Memory(int replicas, Clock clock) {
            this.replicas = replicas;
            this.clock = clock;
        }

        @Override
        public Capacity observe() {
            int r = replicas;
            return new Capacity(r, r, r, clock.instant(), List.of());
        }

        @Override
        public synchronized Outcome apply(Actuation a) {
            onApply.applied(System.nanoTime(), a);
            if (!applied.add(a.decisionId())) return new Outcome.AlreadyApplied(a.decisionId(), replicas);
            int before = replicas;
            replicas = a.desired();
            return new Outcome.Applied(a.decisionId(), before, a.desired(), List.of());
        }

        @Override
        public void close() {}
    }

}
