package io.capstan.app.actuator.process;

import io.capstan.core.spi.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random sequences of decisions, some repeated and some reopened after a close: after each, the members are
 * exactly 0 to N-1, each running, a member that was kept keeps its process, and a repeated decision changes nothing.
 */
class ProcessPoolPropertyTest {
    private static final String POOL = "{type: process, command: [sh, -c, 'exec sleep 3600'], gracePeriod: 5s}";

    @TempDir
    Path dir;
    PoolFixture pools;

    @BeforeEach
    void setUp() {
        pools = new PoolFixture(dir);
    }

    @AfterEach
    void killEverything() {
        pools.close();
    }

    @RepeatedTest(2)
    void theMembersAreAlwaysTheFirstNAndKeptMembersKeepTheirProcess(RepetitionInfo info) {
        Random random = new Random(6_100 + info.getCurrentRepetition());
        ProcessPool pool = pools.open(POOL);
        Map<Integer, Long> expected = new HashMap<>();
        Map<String, Integer> decided = new HashMap<>();
        Set<Long> everStopped = new HashSet<>();
        for (int step = 0; step < 12; step++) {
            if (random.nextInt(5) == 0) {
                pool.close();
                pool = pools.open(POOL);
            }
            boolean repeat = !decided.isEmpty() && random.nextInt(4) == 0;
            String id = repeat ? decided.keySet().stream().sorted().toList().get(random.nextInt(decided.size())) : "d" + step;
            int desired = random.nextInt(4);

            Outcome o = pools.apply(pool, id, desired);

            Map<Integer, Long> now = new HashMap<>();
            pool.members().forEach(m -> now.put(m.index(), m.pid()));
            String seen = "step " + step + ": " + id + " -> " + desired + ", " + o;
            if (repeat) {
                assertThat(o).as(seen).isInstanceOf(Outcome.AlreadyApplied.class);
                assertThat(now).as(seen).isEqualTo(expected);
                continue;
            }
            assertThat(o).as(seen).isInstanceOf(Outcome.Applied.class);
            decided.put(id, desired);
            assertThat(now.keySet()).as(seen).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, desired).boxed().toList());
            for (Map.Entry<Integer, Long> kept : expected.entrySet()) {
                if (kept.getKey() < desired) assertThat(now.get(kept.getKey())).as(seen).isEqualTo(kept.getValue());
                else everStopped.add(kept.getValue());
            }
            assertThat(now.values()).as(seen).allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .noneMatch(everStopped::contains);
            assertThat(everStopped).as(seen).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertThat(pool.observe().current()).as(seen).isEqualTo(desired);
            expected = now;
        }
    }
}
