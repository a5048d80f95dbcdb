package io.capstan.core.explain;

import io.capstan.core.decide.Decision;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** A decision is handed from the thread that made it to readers (the API, the store): what they can reach must be safe to read. */
class ExplanationSharingTest {

    /**
     * The rendered text and the supplier are one volatile field: with two plain fields a reader could see the
     * supplier dropped before the text is visible, and fail. Every other field reachable is final.
     */
    @Test
    void everyFieldADecisionReachesIsFinalOrThePublishedExplanation() {
        List<String> mutable = new ArrayList<>();
        for (Class<?> c : List.of(Decision.class, Step.class, Explanation.class, io.capstan.core.decide.NamedAction.class,
                io.capstan.core.decide.DecisionId.class, io.capstan.core.decide.ReadingUsed.class, io.capstan.core.policy.Proposal.Scale.class,
                io.capstan.core.policy.Proposal.Act.class, io.capstan.core.policy.Proposal.Hold.class, io.capstan.core.policy.Proposal.NoData.class,
                io.capstan.core.policy.Proposal.Bound.class, io.capstan.core.policy.Proposal.ScheduledSet.class)) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) continue;
                boolean ok = Modifier.isFinal(f.getModifiers()) || c == Explanation.class && Modifier.isVolatile(f.getModifiers());
                if (!ok) mutable.add(c.getSimpleName() + "." + f.getName());
            }
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    assertThat(rc.getType()).as(c.getSimpleName() + "." + rc.getName()).isNotIn(java.util.ArrayList.class, java.util.HashMap.class);
                }
            }
        }
        assertThat(mutable).isEmpty();
    }

    /** Many readers render one explanation at once: each gets the whole text, never an error or an empty string. */
    @Test
    void readersOnManyThreadsSeeTheWholeText() throws Exception {
        int threads = 4;
        for (int round = 0; round < 200; round++) {
            int n = round;
            Explanation e = Explanation.of(() -> "scale out 3 -> " + n);
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger wrong = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread reader = new Thread(() -> {
                    try {
                        start.await();
                        if (!e.toString().equals("scale out 3 -> " + n)) wrong.incrementAndGet();
                    } catch (Throwable x) {
                        failure.set(x);
                    }
                });
                reader.start();
                readers.add(reader);
            }
            start.countDown();
            for (Thread r : readers) r.join();
            assertThat(failure.get()).isNull();
            assertThat(wrong.get()).isZero();
        }
    }
}
