package io.capstan.app.report;

import io.capstan.app.TestSpecs;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.Comparator;
import io.capstan.core.simulate.SimulationOptions;
import io.capstan.core.simulate.SimulationResult;
import io.capstan.core.simulate.Simulator;
import io.capstan.core.simulate.Trace;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTest {
    private static final Instant T0 = Instant.parse("2024-06-01T00:00:00Z");

    private static SimulationResult run(List<TargetSpec> targets, String series, int minutes, java.util.function.IntToDoubleFunction value) {
        Trace.Builder b = Trace.builder();
        for (int m = 0; m < minutes; m++) b.add(series, T0.plusSeconds(60L * m), value.applyAsDouble(m));
        return new Simulator().run(targets, b.build(), SimulationOptions.DEFAULTS);
    }

    private static String html(SimulationRun run, SimulationRun compare) throws IOException {
        StringWriter w = new StringWriter();
        HtmlReport.write(run, compare, List.of("t.csv"), w);
        return w.toString();
    }

    @Test
    void aFewEventsAreShownOpenAndManyAreCappedAndCollapsed() throws IOException {
        // Alternating load with no cooldown: a scale event nearly every 5 minutes for two days.
        TargetSpec flappy = TestSpecs.target("flappy", 1, 10, 2, List.of(
                        TestSpecs.threshold("up", "cpu", Comparator.GT, 60, Duration.ZERO, new Action.Add(1)),
                        TestSpecs.threshold("down", "cpu", Comparator.LT, 40, Duration.ZERO, new Action.Remove(1))),
                null, "cpu");
        TargetSpec spec = new TargetSpec(flappy.name(), flappy.bounds(), flappy.initialReplicas(), flappy.metrics(), flappy.policies(), null,
                null, null, io.capstan.core.model.FlappingGuard.OFF);
        SimulationResult many = run(List.of(spec), "cpu", 2 * 24 * 60, m -> (m / 5) % 2 == 0 ? 90 : 10);
        String h = html(new SimulationRun(Path.of("a.yaml"), many), null);
        int events = many.target("flappy").scorecard().scaleOutEvents() + many.target("flappy").scorecard().scaleInEvents();
        assertThat(events).isGreaterThan(HtmlReport.MAX_TABLE_ROWS);
        assertThat(h).contains("<details><summary>first " + HtmlReport.MAX_TABLE_ROWS + " of " + events + " steps where something happened");
        assertThat(count(h, "<tr class=\"(out|in|act)\">")).isEqualTo(HtmlReport.MAX_TABLE_ROWS);

        SimulationResult few = run(List.of(spec), "cpu", 30, m -> m < 10 ? 90 : 50);
        String f = html(new SimulationRun(Path.of("a.yaml"), few), null);
        assertThat(f).contains("<details open><summary>");
    }

    @Test
    void observedReplayHasNoDemandChartOrNeededLine() throws IOException {
        SimulationResult r = run(List.of(TestSpecs.cpuThresholds("api", null)), "cpu", 60, m -> 50);
        String h = html(new SimulationRun(Path.of("a.yaml"), r), null);
        assertThat(h).contains("observed replay").doesNotContain("demand replay").doesNotContain("needed (ceil");
        assertThat(h).contains("cpu-high &gt; 60").contains("cpu-low &lt; 40");
        assertThat(h).contains("<figcaption>cpu</figcaption>").contains("<figcaption>replicas</figcaption>");
        assertThat(h).contains("n/a").as("no oracle in observed replay");
        assertThat(h).doesNotContain("<th>better</th>");
    }

    @Test
    void demandReplayExplainsDerivedMetricsAndDrawsWhatWasNeeded() throws IOException {
        TargetSpec api = TestSpecs.cpuTracking("api", 60, TestSpecs.service(10, Duration.ofMinutes(2), 0.2));
        SimulationResult r = run(List.of(api), "demand", 120, m -> 20 + m);
        String h = html(new SimulationRun(Path.of("a.yaml"), r), null);
        assertThat(h).contains("demand replay").contains("cpu (derived: 100 x demand / (ready x capacity))")
                .contains("demand (demand, from the trace)").contains("needed (ceil demand / capacity)");
        assertThat(h).contains("capacity 10 per replica, startup 2m, 0.2 per replica-hour");
        assertThat(h).contains("track-cpu target 60");
    }

    @Test
    void notesAreListed() throws IOException {
        TargetSpec api = TestSpecs.target("api", 1, 5, 1, List.of(TestSpecs.tracking("cpu", 50),
                TestSpecs.threshold("q", "queue_depth", Comparator.GT, 5, Duration.ZERO, new Action.Add(1))), null, "cpu", "queue_depth");
        SimulationResult r = run(List.of(api), "cpu", 10, m -> 50);
        String h = html(new SimulationRun(Path.of("a.yaml"), r), null);
        assertThat(h).contains("<ul class=\"notes\"><li>policy q left out: no trace series feeds queue_depth");
    }

    @Test
    void comparisonMarksTheBetterSide() throws IOException {
        TargetSpec lean = TestSpecs.target("api", 1, 10, 1, List.of(TestSpecs.tracking("cpu", 50)), null, "cpu");
        TargetSpec fat = TestSpecs.target("api", 5, 10, 5, List.of(TestSpecs.tracking("cpu", 50)), null, "cpu");
        SimulationResult a = run(List.of(lean), "cpu", 60, m -> 50);
        SimulationResult b = run(List.of(fat), "cpu", 60, m -> 50);
        String h = html(new SimulationRun(Path.of("lean.yaml"), a), new SimulationRun(Path.of("dir/fat.yaml"), b));
        assertThat(h).contains("compared with <b>" + Path.of("dir/fat.yaml") + "</b>");
        assertThat(h).contains("<th>replica-hours</th><td class=\"win\">1.00</td><td>5.00</td><td>&larr;</td>");
        assertThat(h).contains("<th>scale events (out + in)</th><td>0</td><td>0</td><td>tie</td>");
        assertThat(h).contains("desired (fat.yaml)");
    }

    @Test
    void chartsUseOneTimeAxisForAllCharts() throws IOException {
        SimulationResult r = run(List.of(TestSpecs.cpuThresholds("api", null)), "cpu", 3 * 24 * 60, m -> 50);
        String h = html(new SimulationRun(Path.of("a.yaml"), r), null);
        Matcher m = Pattern.compile("<svg class=\"chart\"[^>]*>").matcher(h);
        int charts = 0;
        while (m.find()) charts++;
        assertThat(charts).isEqualTo(2);
        assertThat(count(h, ">Jun 2 00:00<")).as("the same day tick on both charts").isEqualTo(2);
    }

    private static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) n++;
        return n;
    }
}
