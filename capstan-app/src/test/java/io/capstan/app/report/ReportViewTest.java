package io.capstan.app.report;

import io.capstan.app.TestSpecs;
import io.capstan.core.explain.Reason;
import io.capstan.core.simulate.Row;
import io.capstan.core.simulate.Scorecard;
import io.capstan.core.simulate.TargetResult;
import io.capstan.core.target.TargetSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportViewTest {
    private static final Instant T0 = Instant.parse("2001-01-01T00:00:00Z");

    /** A flapping target streamed row by row: a scale event every 7 steps, cpu noisy, a gap now and then. */
    private static ReportView stream(int steps) {
        TargetSpec spec = TestSpecs.cpuThresholds("api", null);
        Instant to = T0.plusSeconds(60L * (steps - 1));
        ReportView.Builder b = ReportView.builder(List.of("a.yaml"), List.of("t.csv"), T0, to, Duration.ofMinutes(1), steps);
        ReportView.TrackBuilder track = b.target(spec, TargetResult.Mode.OBSERVED, null, List.of("cpu"), null).track("a.yaml", spec);
        int replicas = 2;
        int outs = 0, ins = 0;
        for (int i = 0; i < steps; i++) {
            String action = Row.HOLD;
            if (i % 7 == 6) {
                boolean out = (i / 7) % 2 == 0;
                replicas += out ? 1 : -1;
                action = out ? Row.SCALE_OUT : Row.SCALE_IN;
                if (out) outs++;
                else ins++;
            }
            Map<String, Double> metrics = i % 1000 == 999 ? Map.of() : Map.of("cpu", 40.0 + (i * 7919 % 50));
            track.accept(new Row(T0.plusSeconds(60L * i), replicas, replicas, metrics, action,
                    action.equals(Row.HOLD) ? Reason.ThresholdClear : Reason.ThresholdSustained, action + " at step " + i));
        }
        track.finish(new Scorecard(steps / 60.0 * 2, null, null, outs, ins, 2, 3, null, Map.of()), List.of());
        return b.build();
    }

    private static String html(ReportView view) throws IOException {
        StringWriter w = new StringWriter();
        HtmlReport.write(view, w);
        return w.toString();
    }

    @Test
    void theViewAndThePageStayBoundedWhateverTheTraceLength() throws IOException {
        ReportView small = stream(10_000);
        ReportView large = stream(1_000_000);
        ReportView.Track t = large.targets().get(0).tracks().get(0);
        assertThat(t.desired().size()).isLessThanOrEqualTo(SvgChart.PLOT_WIDTH);
        assertThat(t.metrics().get("cpu").size()).isLessThanOrEqualTo(SvgChart.PLOT_WIDTH);
        assertThat(t.events().size()).isLessThanOrEqualTo(SvgChart.PLOT_WIDTH / ReportView.MARKER_PIXELS);
        assertThat(t.decisions()).hasSize(ReportView.MAX_TABLE_ROWS);
        assertThat(t.eventful()).isEqualTo(1_000_000 / 7);
        String smallPage = html(small);
        String largePage = html(large);
        assertThat(largePage.length()).as("a hundred times the steps, about the same page").isLessThan(smallPage.length() * 3 / 2).isLessThan(1_500_000);
    }

    @Test
    void noScaleEventIsDroppedFromTheMarkers() {
        ReportView.Track t = stream(300_000).targets().get(0).tracks().get(0);
        long outs = t.events().stream().mapToLong(ReportView.Marker::outs).sum();
        long ins = t.events().stream().mapToLong(ReportView.Marker::ins).sum();
        assertThat(outs).isEqualTo(t.scorecard().scaleOutEvents());
        assertThat(ins).isEqualTo(t.scorecard().scaleInEvents());
        // every replica level the flapping reaches is inside the desired band
        double hi = 0;
        for (double v : t.desired().hi()) hi = Math.max(hi, v);
        assertThat(hi).isEqualTo(3);
    }

    @Test
    void gapsInAMetricBecomeGapsInItsSeries() {
        ReportView.Track t = stream(2_000).targets().get(0).tracks().get(0);
        double[] cpu = t.metrics().get("cpu").mean();
        long gaps = java.util.Arrays.stream(cpu).filter(Double::isNaN).count();
        assertThat(gaps).isEqualTo(2);
    }
}
