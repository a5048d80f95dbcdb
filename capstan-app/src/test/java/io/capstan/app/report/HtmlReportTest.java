package io.capstan.app.report;

import io.capstan.app.TestSpecs;
import io.capstan.core.target.TargetSpec;
import io.capstan.core.policy.Action;
import io.capstan.core.policy.Comparator;
import io.capstan.core.policy.Policy;
import io.capstan.core.policy.SchedulePolicy;
import io.capstan.core.policy.TargetTrackingPolicy;
import io.capstan.core.policy.TrackingType;
import io.capstan.core.signal.Aggregation;
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
import java.util.ArrayList;
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
        assertThat(h).contains("<details><summary>" + HtmlReport.MAX_TABLE_ROWS + " steps where something happened")
                .contains("The table lists the first " + HtmlReport.MAX_TABLE_ROWS + " of " + events + " eventful steps; all are in decisions.csv.");
        assertThat(count(h, "<tr class=\"(out|in|act)\"")).isEqualTo(HtmlReport.MAX_TABLE_ROWS);

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
        assertThat(h).doesNotContain("<th>better</th>").doesNotContain("<th>policy</th>");
    }

    @Test
    void demandReplayExplainsDerivedMetricsAndDrawsWhatWasNeeded() throws IOException {
        TargetSpec api = TestSpecs.cpuTracking("api", 60, TestSpecs.service(10, Duration.ofMinutes(2), 0.2));
        SimulationResult r = run(List.of(api), "demand", 120, m -> 20 + m);
        String h = html(new SimulationRun(Path.of("a.yaml"), r), null);
        assertThat(h).contains("demand replay").contains("cpu (derived: 100 x demand / (ready x capacity))")
                .contains("demand (demand, from the trace)").contains("needed: ceil(demand / capacity)");
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
        assertThat(h).contains("<th>replica-hours</th><td class=\"win\">1</td><td>5</td><td>&larr;</td>");
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

    /** The Sergas shape: cpu tracked at 70 and warned above 70, requests tracked per pod, demand replayed. */
    private static TargetSpec sergasLike(int min) {
        TargetTrackingPolicy perPod = new TargetTrackingPolicy("requests-per-pod", "request_rate", Aggregation.AVG, Duration.ofMinutes(1),
                TrackingType.AVERAGE_VALUE, 1000, TargetTrackingPolicy.DEFAULT_TOLERANCE, null, null);
        List<Policy> policies = new ArrayList<>(List.of(
                new TargetTrackingPolicy("cpu-target", "cpu", Aggregation.AVG, Duration.ofMinutes(1), TrackingType.UTILIZATION, 70,
                        TargetTrackingPolicy.DEFAULT_TOLERANCE, null, null),
                TestSpecs.threshold("cpu-warning", "cpu", Comparator.GT, 70, Duration.ofMinutes(15), new Action.Named("page-oncall", null)),
                perPod,
                new SchedulePolicy("launch", List.of(new SchedulePolicy.Window("launch", T0.plusSeconds(3600), T0.plusSeconds(7200),
                        new SchedulePolicy.Setting(8, null, null))))));
        return TestSpecs.target("api", min, 20, min, policies, TestSpecs.service(1000, Duration.ofMinutes(2), 0.1), "cpu", "request_rate");
    }

    /** Demand that starts far above what the first replicas serve (the README's 209 % cold start), then a daily-like wave. */
    private static SimulationResult sergasRun(TargetSpec spec) {
        return run(List.of(spec), "demand", 6 * 60, m -> m < 2 ? 6000 : 3000 + 2000 * Math.sin(m / 30.0));
    }

    private static List<String> thresholdLabels(String html) {
        Matcher m = Pattern.compile("<text class=\"thr\"[^>]*>([^<]*)<title>").matcher(html);
        List<String> out = new ArrayList<>();
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static String figure(String html, String caption) {
        int start = html.indexOf("<figure><figcaption>" + caption);
        assertThat(start).as("figure " + caption).isNotNegative();
        return html.substring(start, html.indexOf("</figure>", start));
    }

    @Test
    void coincidingThresholdsShareOneLabel() throws IOException {
        String h = html(new SimulationRun(Path.of("sergas.yaml"), sergasRun(sergasLike(3))), null);
        List<String> labels = thresholdLabels(figure(h, "cpu"));
        assertThat(labels).containsExactly("70: cpu-target, cpu-warning");
        assertThat(figure(h, "cpu")).contains("cpu-target target 70\ncpu-warning &gt; 70");
    }

    @Test
    void aPerPodTargetIsDrawnAgainstTheRatePerReadyReplicaNotTheTotal() throws IOException {
        String h = html(new SimulationRun(Path.of("sergas.yaml"), sergasRun(sergasLike(3))), null);
        assertThat(thresholdLabels(figure(h, "request_rate</figcaption>"))).isEmpty();
        String per = figure(h, "request_rate per ready replica");
        assertThat(thresholdLabels(per)).containsExactly("requests-per-pod target 1000");
        assertThat(per).contains("data-series=\"request_rate/replica\"");
    }

    @Test
    void aColdStartSpikeDoesNotSetTheAxis() throws IOException {
        String cpu = figure(html(new SimulationRun(Path.of("sergas.yaml"), sergasRun(sergasLike(3))), null), "cpu");
        Matcher m = Pattern.compile("class=\"tick ytick\"[^>]*>([0-9.]+)<").matcher(cpu);
        double top = 0;
        while (m.find()) top = Double.parseDouble(m.group(1));
        assertThat(top).as("the axis ends near the band that matters, not at the 200 %% start").isLessThan(150);
        assertThat(cpu).contains("class=\"clip\"").containsPattern("points? above the axis, up to 200");
    }

    @Test
    void theReplicaChartShowsReadyApartFromDesiredWithEventsScheduleAndUnderProvisionedTime() throws IOException {
        SimulationResult r = sergasRun(sergasLike(3));
        String replicas = figure(html(new SimulationRun(Path.of("sergas.yaml"), r), null), "replicas");
        assertThat(replicas).contains("data-series=\"desired\"").contains("data-series=\"ready\"").contains("data-series=\"needed\"");
        assertThat(replicas).as("ready is a filled area").contains("fill-opacity=\"0.16\"");
        assertThat(replicas).contains("class=\"sched\"").contains("schedule held the count: keep");
        assertThat(replicas).contains("class=\"underband\"").contains("class=\"under\"");
        int outs = r.target("api").scorecard().scaleOutEvents();
        int drawn = 0;
        Matcher m = Pattern.compile("(\\d+) scale-outs?[,;]").matcher(replicas);
        while (m.find()) drawn += Integer.parseInt(m.group(1));
        assertThat(drawn).as("every scale-out is counted in a marker").isEqualTo(outs).isPositive();
        assertThat(replicas).contains("class=\"ev-out\"").contains("class=\"ev-in\"");
    }

    @Test
    void compareModeDrawsBothPoliciesAndListsBothPoliciesDecisions() throws IOException {
        SimulationResult a = sergasRun(sergasLike(3));
        SimulationResult b = sergasRun(sergasLike(5));
        String h = html(new SimulationRun(Path.of("a.yaml"), a), new SimulationRun(Path.of("b.yaml"), b));
        String replicas = figure(h, "replicas");
        assertThat(replicas).contains("data-series=\"desired\"").contains("data-series=\"desired@b.yaml\"");
        assertThat(replicas).contains(">a.yaml<title>").contains(">b.yaml<title>").as("one event lane per policy");
        assertThat(figure(h, "cpu")).contains("data-series=\"cpu@b.yaml\"").as("derived cpu differs between policies");
        assertThat(h).contains("<th>policy</th>");
        int aRows = count(h, "<tr class=\"(out|in|act)\" data-policy=\"a.yaml\">");
        int bRows = count(h, "<tr class=\"(out|in|act)\" data-policy=\"b.yaml\">");
        long aEvents = a.target("api").rows().stream().filter(io.capstan.core.simulate.Row::eventful).count();
        long bEvents = b.target("api").rows().stream().filter(io.capstan.core.simulate.Row::eventful).count();
        assertThat(aRows).isEqualTo((int) aEvents).isPositive();
        assertThat(bRows).isEqualTo((int) bEvents).isPositive();
        assertThat(h).contains("<select name=\"policy\"").contains("<option>a.yaml</option><option>b.yaml</option>");
    }

    @Test
    void theDecisionTableHasAFilterScriptInlineAndNothingFromTheNetwork() throws IOException {
        String h = html(new SimulationRun(Path.of("sergas.yaml"), sergasRun(sergasLike(3))), null);
        assertThat(h).contains("<div class=\"filter\" data-table=\"decisions-0\"><input type=\"search\"")
                .contains("<table class=\"decisions\" id=\"decisions-0\">").contains("<script>document.querySelectorAll('.filter')");
        assertThat(h).doesNotContainPattern("(?i)https?:|<script src|<link");
    }

    private static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) n++;
        return n;
    }
}
