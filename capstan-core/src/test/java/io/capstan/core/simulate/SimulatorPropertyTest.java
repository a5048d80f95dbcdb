package io.capstan.core.simulate;

import io.capstan.core.model.Cooldowns;
import io.capstan.core.model.ServiceModel;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.Policy;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.capstan.core.simulate.Specs.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Seeded random traces and specs; the seed is in every assertion's description. */
class SimulatorPropertyTest {
    private static final long SEED_BASE = 20_240_101L;

    private record World(List<TargetSpec> targets, Trace trace, SimulationOptions options) {}

    private static World world(Random rnd) {
        int min = rnd.nextInt(3);
        int max = min + 1 + rnd.nextInt(12);
        int initial = min + rnd.nextInt(max - min + 1);
        List<Policy> policies = new ArrayList<>();
        policies.add(tracking("cpu", 30 + rnd.nextInt(60)));
        if (rnd.nextBoolean()) policies.add(above("hot", "cpu", 80, Duration.ofMinutes(rnd.nextInt(5)), new Action.Add(1 + rnd.nextInt(3))));
        if (rnd.nextBoolean()) policies.add(below("cold", "cpu", 20, Duration.ofMinutes(rnd.nextInt(5)), new Action.Remove(1 + rnd.nextInt(3))));
        if (rnd.nextBoolean()) policies.add(above("queue", "queue_depth", 100, Duration.ZERO, new Action.ToMax()));
        Cooldowns cooldowns = rnd.nextBoolean() ? Cooldowns.NONE : new Cooldowns(Duration.ofMinutes(rnd.nextInt(6)), Duration.ofMinutes(rnd.nextInt(10)));
        boolean demandReplay = rnd.nextBoolean();
        ServiceModel service = demandReplay || rnd.nextBoolean()
                ? new ServiceModel(1 + rnd.nextInt(20), Duration.ofMinutes(rnd.nextInt(8)), rnd.nextDouble()) : null;
        TargetSpec spec = target("api", min, max, initial, policies, cooldowns, service, "cpu", "queue_depth");

        Trace.Builder b = Trace.builder();
        int minutes = 60 + rnd.nextInt(300);
        double level = rnd.nextDouble() * 100;
        for (int m = 0; m < minutes; m++) {
            level = Math.max(0, level + rnd.nextGaussian() * 15);
            if (rnd.nextInt(20) == 0) m += rnd.nextInt(30); // a gap
            if (demandReplay) b.add("demand", minute(m), level);
            else b.add("cpu", minute(m), Math.min(150, level));
            if (rnd.nextInt(4) == 0) b.add("queue_depth", minute(m), rnd.nextInt(120));
        }
        Duration step = Duration.ofSeconds(30L * (1 + rnd.nextInt(4)));
        return new World(List.of(spec), b.build(), SimulationOptions.DEFAULTS.withStep(step));
    }

    private static Random random(RepetitionInfo info) {
        return new Random(SEED_BASE + info.getCurrentRepetition());
    }

    @RepeatedTest(60)
    void replicasStayWithinBounds(RepetitionInfo info) {
        World w = world(random(info));
        TargetResult r = new Simulator().run(w.targets(), w.trace(), w.options()).target("api");
        String seed = "seed " + (SEED_BASE + info.getCurrentRepetition());
        TargetSpec spec = w.targets().get(0);
        for (Row row : r.rows()) {
            assertThat(row.desiredReplicas()).as(seed + " at " + row.at()).isBetween(spec.bounds().min(), spec.bounds().max());
            assertThat(row.readyReplicas()).as(seed + " ready at " + row.at()).isBetween(0, row.desiredReplicas());
        }
        assertThat(r.scorecard().minReplicas()).as(seed).isGreaterThanOrEqualTo(spec.bounds().min());
        assertThat(r.scorecard().maxReplicas()).as(seed).isLessThanOrEqualTo(spec.bounds().max());
    }

    @RepeatedTest(30)
    void replayingTwiceGivesIdenticalRows(RepetitionInfo info) {
        World w = world(random(info));
        TargetResult a = new Simulator().run(w.targets(), w.trace(), w.options()).target("api");
        TargetResult b = new Simulator().run(w.targets(), w.trace(), w.options()).target("api");
        String seed = "seed " + (SEED_BASE + info.getCurrentRepetition());
        assertThat(b.rows()).as(seed).containsExactlyElementsOf(a.rows());
        assertThat(b.scorecard()).as(seed).isEqualTo(a.scorecard());
    }

    @RepeatedTest(60)
    void readyLagsDesiredAfterAScaleOutUntilStartupPasses(RepetitionInfo info) {
        World w = world(random(info));
        TargetSpec spec = w.targets().get(0);
        TargetResult r = new Simulator().run(w.targets(), w.trace(), w.options()).target("api");
        String seed = "seed " + (SEED_BASE + info.getCurrentRepetition());
        Duration startup = spec.service() == null ? Duration.ZERO : spec.service().startup();
        java.time.Instant lastOut = null;
        for (Row row : r.rows()) {
            if (row.action().startsWith(Row.SCALE_OUT)) {
                lastOut = row.at();
                if (!startup.isZero()) assertThat(row.readyReplicas()).as(seed + " scale-out at " + row.at()).isLessThan(row.desiredReplicas());
            }
            if (lastOut == null || !row.at().isBefore(lastOut.plus(startup))) {
                assertThat(row.readyReplicas()).as(seed + " all started by " + row.at()).isEqualTo(row.desiredReplicas());
            }
        }
    }

    @RepeatedTest(30)
    void eventsAndReplicaHoursAgreeWithTheRows(RepetitionInfo info) {
        World w = world(random(info));
        TargetResult r = new Simulator().run(w.targets(), w.trace(), w.options()).target("api");
        String seed = "seed " + (SEED_BASE + info.getCurrentRepetition());
        long stepMillis = w.options().step().toMillis();
        double stepHours = stepMillis / 3_600_000.0;
        // scored time ends one sample (or one step, if finer) after the range: a coarse last step is cut there
        Trace.Series finest = w.trace().finest();
        long resolution = finest == null ? stepMillis : Math.min(stepMillis, finest.medianSpacing());
        long until = (w.options().to() != null ? w.options().to() : w.trace().end()).toEpochMilli() + resolution;
        double hours = 0;
        double unscored = 0;
        int outs = 0, ins = 0;
        for (Row row : r.rows()) {
            double weight = Math.max(0, Math.min(stepMillis, until - row.at().toEpochMilli())) / 3_600_000.0;
            // in demand replay a step is scored when its demand is known (the row shows it); in observed
            // replay when some metric has a sample younger than its staleAfter, or the target reads none
            boolean known = r.mode() == TargetResult.Mode.OBSERVED ? seesData(w, r, row.at().toEpochMilli())
                    : row.metrics().containsKey(r.demandMetric());
            if (known) hours += row.desiredReplicas() * weight;
            else unscored += weight * 60;
            if (row.action().startsWith(Row.SCALE_OUT)) outs++;
            if (row.action().startsWith(Row.SCALE_IN)) ins++;
        }
        assertThat(r.scorecard().replicaHours()).as(seed).isCloseTo(hours, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(r.scorecard().unscoredMinutes()).as(seed).isCloseTo(unscored, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(r.scorecard().scaleOutEvents()).as(seed).isEqualTo(outs);
        assertThat(r.scorecard().scaleInEvents()).as(seed).isEqualTo(ins);
        if (r.mode() == TargetResult.Mode.DEMAND) {
            assertThat(r.scorecard().underProvisionedMinutes()).as(seed).isBetween(0.0, r.size() * stepHours * 60);
        }
    }

    /** Whether some metric of the target has a trace sample at most its staleAfter (or lastKnown maxAge) old at {@code at}. */
    private static boolean seesData(World w, TargetResult r, long at) {
        if (r.metrics().isEmpty()) return true;
        io.capstan.core.target.TargetSpec spec = w.targets().stream().filter(t -> t.name().equals("api")).findFirst().orElseThrow();
        for (String name : r.metrics()) {
            Trace.Series series = w.trace().seriesFor("api", name);
            if (series == null) continue;
            long last = Long.MIN_VALUE;
            for (SeriesCursor c = series.cursor(); c.time() <= at; c.advance()) last = c.time();
            io.capstan.core.model.MetricSpec m = spec.metric(name);
            long blind = m.staleAfter().toMillis();
            if (m.onMissing() instanceof io.capstan.core.model.MissingRule.LastKnown lk) blind = Math.max(blind, lk.maxAge().toMillis());
            if (last != Long.MIN_VALUE && at - last < blind) return true;
        }
        return false;
    }
}
