package io.capstan.app.actuator.process;

import io.capstan.app.actuator.ActuatorContext;
import io.capstan.app.actuator.FileActuatorStateStore;
import io.capstan.core.spi.Actuation;
import io.capstan.core.spi.Outcome;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * A stand-in for a running Capstan, in a JVM of its own so a test can kill it with SIGKILL: opens a pool, optionally
 * applies a decision, prints its members once they all run, then runs until killed.
 * Arguments: DATA_DIR TARGET ACTUATOR_YAML [DECISION_ID COUNT].
 */
public final class PoolMain {
    private PoolMain() {}

    public static void main(String[] args) throws InterruptedException {
        Path data = Path.of(args[0]);
        String target = args[1];
        ProcessPool pool = (ProcessPool) PoolFixture.configured(args[2]).open(new ActuatorContext(target, data,
                new FileActuatorStateStore(data.resolve("actuators")), Clock.systemUTC(), System.err::println));
        System.out.println("opened " + members(pool));
        if (args.length > 3) {
            Outcome o = pool.apply(new Actuation(args[3], target, Integer.parseInt(args[4]), "PoolMain"));
            System.out.println("outcome " + o.getClass().getSimpleName());
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> pool.observe().current() == pool.observe().desired());
        System.out.println("members " + members(pool) + " current " + pool.observe().current());
        System.out.flush();
        Thread.currentThread().join();
    }

    private static String members(ProcessPool pool) {
        return pool.members().stream().map(m -> m.index() + ":" + m.pid()).collect(Collectors.joining(","));
    }
}
