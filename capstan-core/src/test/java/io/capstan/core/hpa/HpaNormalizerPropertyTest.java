package io.capstan.core.hpa;

import io.capstan.core.explain.Step;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.capstan.core.hpa.GoFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/** Seeded random normalizations: invariants that hold for every input. The seed is the repetition number. */
class HpaNormalizerPropertyTest {

    static final long SEED_BASE = 3140;

    record World(int current, int desired, int min, int max, HpaBehavior behavior, Duration window,
                 List<TimedRecommendation> history, List<ScaleEvent> ups, List<ScaleEvent> downs) {
    }

    static World world(Random r) {
        int min = r.nextInt(5);
        int max = Math.max(1, min) + r.nextInt(50);
        int current = min + r.nextInt(max - min + 1);
        int desired = r.nextInt(3 * max + 2);
        HpaBehavior behavior = r.nextBoolean() ? null : new HpaBehavior(rules(r), rules(r));
        List<TimedRecommendation> history = new ArrayList<>();
        for (int i = r.nextInt(6); i > 0; i--) history.add(new TimedRecommendation(NOW.minusSeconds(r.nextInt(900)), r.nextInt(3 * max + 1)));
        List<ScaleEvent> ups = new ArrayList<>(), downs = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) ups.add(ScaleEvent.of(NOW.minusSeconds(r.nextInt(300)), 1 + r.nextInt(10)));
        for (int i = r.nextInt(4); i > 0; i--) downs.add(ScaleEvent.of(NOW.minusSeconds(r.nextInt(300)), 1 + r.nextInt(10)));
        return new World(current, desired, min, max, behavior, Duration.ofSeconds(r.nextInt(600)), history, ups, downs);
    }

    static HpaScalingRules rules(Random r) {
        if (r.nextInt(4) == 0) return null;
        List<HpaRatePolicy> policies = null;
        if (r.nextBoolean()) {
            policies = new ArrayList<>();
            for (int i = 1 + r.nextInt(3); i > 0; i--) {
                policies.add(r.nextBoolean() ? HpaRatePolicy.pods(1 + r.nextInt(10), 1 + r.nextInt(300))
                        : HpaRatePolicy.percent(1 + r.nextInt(300), 1 + r.nextInt(300)));
            }
        }
        SelectPolicy select = r.nextInt(3) == 0 ? null : SelectPolicy.values()[r.nextInt(3)];
        Integer window = r.nextBoolean() ? null : r.nextInt(600);
        return new HpaScalingRules(window, select, policies, null);
    }

    static HpaNormalizer.Normalized normalize(World w) {
        return HpaNormalizer.normalize(w.current, w.desired, w.min, w.max, w.behavior, w.window, w.history, w.ups, w.downs, NOW);
    }

    @RepeatedTest(500)
    void invariants(RepetitionInfo info) {
        long seed = SEED_BASE + info.getCurrentRepetition();
        World w = world(new Random(seed));
        HpaNormalizer.Normalized out = normalize(w);
        String why = "seed " + seed + ": " + w;

        assertThat(out.replicas()).as(why).isBetween(w.min, w.max);
        List<Step> steps = out.steps();
        assertThat(steps.get(0).before()).as(why).isEqualTo(w.desired);
        for (int i = 1; i < steps.size(); i++) assertThat(steps.get(i).before()).as(why).isEqualTo(steps.get(i - 1).after());
        assertThat(steps.get(steps.size() - 1).after()).as(why).isEqualTo(out.replicas());
        // the history gains the proposal, at most one entry, and never loses the ones still inside a window
        assertThat(out.recommendations()).as(why).contains(new TimedRecommendation(NOW, w.desired));
        assertThat(out.recommendations().size()).as(why).isBetween(Math.max(1, w.history.size()), w.history.size() + 1);
        // with a behavior, never moves past the proposal nor against it; the legacy stabilization takes the highest
        // recent recommendation even above the current count, so a scale-down proposal can end in a scale-up there
        if (w.behavior == null) {
            assertThat(normalize(w)).as(why).isEqualTo(out);
            return;
        }
        if (w.desired >= w.current) assertThat(out.replicas()).as(why).isBetween(w.current, Math.max(w.current, Math.min(w.desired, w.max)));
        if (w.desired < w.current) assertThat(out.replicas()).as(why).isBetween(Math.max(w.min, Math.min(w.desired, w.current)), w.current);
        // deterministic
        assertThat(normalize(w)).as(why).isEqualTo(out);
    }

    /**
     * A history kept compact between normalizations decides exactly as the whole one: a seeded run of a few hundred
     * evaluations, some many a second (as pushes make them), some minutes apart, with proposals that flap.
     */
    @RepeatedTest(200)
    void aCompactHistoryStabilizesExactlyAsTheWholeOne(RepetitionInfo info) {
        long seed = SEED_BASE + 7919L * info.getCurrentRepetition();
        Random r = new Random(seed);
        int max = 2 + r.nextInt(30);
        HpaBehavior behavior = r.nextInt(3) == 0 ? null : new HpaBehavior(rules(r), rules(r));
        Duration window = Duration.ofSeconds(r.nextInt(600));
        List<TimedRecommendation> whole = new ArrayList<>();
        List<TimedRecommendation> compact = new ArrayList<>();
        java.time.Instant now = NOW;
        int current = 1 + r.nextInt(max);
        for (int i = 0; i < 400; i++) {
            now = now.plusMillis(r.nextInt(4) == 0 ? r.nextInt(120_000) : r.nextInt(50));
            int desired = r.nextBoolean() ? r.nextInt(max + 3) : current + (r.nextBoolean() ? 1 : -1);
            HpaNormalizer.Normalized a = HpaNormalizer.normalize(current, desired, 1, max, behavior, window, whole, List.of(), List.of(), now);
            HpaNormalizer.Normalized b = HpaNormalizer.normalize(current, desired, 1, max, behavior, window, compact, List.of(), List.of(), now);
            String why = "seed " + seed + ", evaluation " + i + " at " + now;
            assertThat(b.replicas()).as(why).isEqualTo(a.replicas());
            assertThat(b.steps()).as(why).isEqualTo(a.steps());
            whole = a.recommendations();
            compact = HpaNormalizer.compactRecommendations(b.recommendations(), behavior, window, now);
            assertThat(compact.size()).as(why).isLessThanOrEqualTo(Math.max(HpaNormalizer.KEPT_WHOLE, max + 4));
            current = a.replicas();
        }
    }
}
