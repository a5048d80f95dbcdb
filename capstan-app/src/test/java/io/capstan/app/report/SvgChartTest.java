package io.capstan.app.report;

import io.capstan.core.model.Severity;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class SvgChartTest {
    private static Downsampler.Points exact(long[] t, double[] v) {
        return Downsampler.Points.exact(t, v);
    }

    private static String path(String svg) {
        Matcher m = Pattern.compile("class=\"series\"[^>]* d=\"([^\"]*)\"").matcher(svg);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static List<String> all(String svg, String regex) {
        Matcher m = Pattern.compile(regex).matcher(svg);
        List<String> out = new ArrayList<>();
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static SvgChart.Series line(double[] v, long[] t) {
        return new SvgChart.Series("x", "x", "#000", exact(t, v), SvgChart.Style.LINE);
    }

    @Test
    void stepLinesMoveHorizontallyThenVertically() {
        long[] t = {0, 1000, 2000};
        double[] v = {1, 1, 2};
        String d = path(new SvgChart(0, 2000, 200, "r").add(new SvgChart.Series("r", "r", "#000", exact(t, v), SvgChart.Style.STEP)).render());
        assertThat(d).startsWith("M").contains("H").contains("V").doesNotContain("L");
    }

    @Test
    void dashedStepsAreDashed() {
        long[] t = {0, 1000};
        double[] v = {1, 2};
        String svg = new SvgChart(0, 1000, 200, "r").add(new SvgChart.Series("r", "r", "#000", exact(t, v), SvgChart.Style.DASHED_STEP)).render();
        assertThat(svg).contains("stroke-dasharray=\"7 4\"");
    }

    @Test
    void thresholdsWidenTheScaleAndAreLabelled() {
        long[] t = {0, 1000};
        double[] v = {1, 2};
        String svg = new SvgChart(0, 1000, 200, "cpu").add(line(v, t)).threshold(new SvgChart.Threshold("high", ">", null, 80)).render();
        assertThat(svg).contains(">high &gt; 80<title>").contains(">80</text>").contains("stroke-dasharray=\"6 4\"");
    }

    @Test
    void coincidingThresholdsShareOneLabelAndCloseOnesAreStacked() {
        long[] t = {0, 1000};
        double[] v = {10, 60};
        String svg = new SvgChart(0, 1000, 180, "cpu").add(line(v, t))
                .threshold(new SvgChart.Threshold("cpu-target", "target", null, 70))
                .threshold(new SvgChart.Threshold("cpu-warning", ">", Severity.WARNING, 70))
                .threshold(new SvgChart.Threshold("cpu-critical", ">", Severity.CRITICAL, 72)).render();
        List<String> labels = all(svg, "<text class=\"thr\"[^>]*>([^<]*)<title>");
        assertThat(labels).containsExactlyInAnyOrder("70: cpu-target, cpu-warning", "cpu-critical &gt; 72");
        assertThat(all(svg, "<line class=\"thr-line\"[^>]*stroke=\"(#[0-9a-f]+)\"")).as("the shared line takes the warning's amber")
                .containsExactlyInAnyOrder("#b45309", "#b91c1c");
        List<Double> ys = all(svg, "<text class=\"thr\" x=\"[0-9.]+\" y=\"([0-9.]+)\"").stream().map(Double::parseDouble).sorted().toList();
        assertThat(ys.get(1) - ys.get(0)).as("labels 2 apart in value are stacked a line apart").isGreaterThanOrEqualTo(13);
    }

    @RepeatedTest(100)
    void thresholdLabelsNeverShareALineWhateverTheValues(RepetitionInfo info) {
        long seed = 500 + info.getCurrentRepetition();
        Random rnd = new Random(seed);
        SvgChart chart = new SvgChart(0, 1000, 120 + rnd.nextInt(200), "x").add(line(new double[] {0, 100}, new long[] {0, 1000}));
        int n = 1 + rnd.nextInt(8);
        for (int i = 0; i < n; i++) {
            double v = rnd.nextBoolean() ? rnd.nextInt(5) * 10 : rnd.nextDouble() * 100;
            chart.threshold(new SvgChart.Threshold("policy-" + rnd.nextInt(1_000_000), rnd.nextBoolean() ? ">" : "target", null, v));
        }
        String svg = chart.render();
        double height = Double.parseDouble(all(svg, "viewBox=\"0 0 [0-9]+ ([0-9]+)\"").get(0));
        List<Double> ys = all(svg, "<text class=\"thr\" x=\"[0-9.]+\" y=\"([0-9.]+)\"").stream().map(Double::parseDouble).sorted().toList();
        for (int i = 1; i < ys.size(); i++) assertThat(ys.get(i) - ys.get(i - 1)).as("seed %d: %s", seed, ys).isGreaterThanOrEqualTo(12.9);
        assertThat(ys).as("seed %d", seed).allSatisfy(y -> assertThat(y).isBetween(10.0, height - 40));
        for (String label : all(svg, "<text class=\"thr\"[^>]*>([^<]*)<title>")) assertThat(label.length()).isLessThanOrEqualTo(30);
    }

    @Test
    void aSingleFarOutlierIsClippedAndMarkedNotAllowedToSetTheAxis() {
        int n = 1000;
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 60_000L;
            v[i] = 50 + (i % 20);
        }
        v[0] = 209;
        SvgChart chart = new SvgChart(0, t[n - 1], 180, "cpu", SvgChart.Scale.ROBUST, false).add(line(v, t))
                .threshold(new SvgChart.Threshold("cpu-critical", ">", null, 85));
        String svg = chart.render();
        List<Double> yTicks = all(svg, "class=\"tick ytick\"[^>]*>([0-9.]+)<").stream().map(Double::parseDouble).toList();
        assertThat(yTicks.get(yTicks.size() - 1)).as("axis top").isLessThan(150).isGreaterThanOrEqualTo(85);
        assertThat(chart.clippedCount()).isEqualTo(1);
        assertThat(chart.clippedMax()).isEqualTo(209);
        assertThat(svg).contains("class=\"clip\"").contains("reaches 209");

        SvgChart full = new SvgChart(0, t[n - 1], 180, "cpu", SvgChart.Scale.FULL, false).add(line(v, t));
        String all = full.render();
        assertThat(all(all, "class=\"tick ytick\"[^>]*>([0-9.]+)<")).last().isEqualTo("250");
        assertThat(full.clippedCount()).isZero();
    }

    @Test
    void aRegularPeakIsNotClipped() {
        int n = 1000;
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 60_000L;
            v[i] = 1000 + 900 * Math.sin(i / 50.0);
        }
        SvgChart chart = new SvgChart(0, t[n - 1], 180, "rps", SvgChart.Scale.ROBUST, false).add(line(v, t));
        chart.render();
        assertThat(chart.clippedCount()).isZero();
    }

    @Test
    void foldedSeriesDrawABandUnderTheirMean() {
        Downsampler d = new Downsampler(0, 10_000_000L, 100);
        for (long i = 0; i < 10_000; i++) d.add(i * 1000, i % 2 == 0 ? 1 : 3);
        String svg = new SvgChart(0, 10_000_000L, 200, "x").add(new SvgChart.Series("x", "x", "#000", d.points(), SvgChart.Style.LINE)).render();
        assertThat(svg).contains("class=\"band\"");
        assertThat(path(svg).chars().filter(c -> c == 'L' || c == 'M').count()).isLessThanOrEqualTo(100);
    }

    @Test
    void anAllMissingSeriesDrawsNothingButTheAxes() {
        long[] t = {0, 1000};
        double[] v = {Double.NaN, Double.NaN};
        String svg = new SvgChart(0, 1000, 200, "cpu").add(line(v, t)).render();
        assertThat(svg).doesNotContain("<path").contains(">0</text>").contains("time (UTC)");
    }

    @Test
    void aSingleInstantStillRenders() {
        long[] t = {5000};
        double[] v = {3};
        String svg = new SvgChart(5000, 5000, 200, "cpu").add(line(v, t)).render();
        assertThat(svg).contains("<path").doesNotContain("NaN").doesNotContain("Infinity");
    }

    @Test
    void gapsBreakTheLine() {
        long[] t = {0, 60_000, 120_000, 180_000, 240_000};
        double[] v = {1, 2, Double.NaN, 3, 4};
        String d = path(new SvgChart(0, 240_000, 200, "x").add(line(v, t)).render());
        assertThat(d.chars().filter(ch -> ch == 'M').count()).isEqualTo(2);
    }

    @Test
    void coordinatesHaveOneDecimalAndNoExponent() {
        long[] t = new long[100];
        double[] v = new double[100];
        for (int i = 0; i < 100; i++) {
            t[i] = i * 1000L;
            v[i] = Math.sin(i) * 1e-3 + 1e-3;
        }
        String d = path(new SvgChart(0, 99_000, 200, "x").add(line(v, t)).render());
        assertThat(d).matches("[MLHV0-9. -]+").doesNotContain("E");
    }

    @Test
    void chartsScaleToTheirContainer() {
        String svg = new SvgChart(0, 1000, 200, "x").add(line(new double[] {1, 2}, new long[] {0, 1000})).render();
        assertThat(svg).contains("viewBox=\"0 0 " + SvgChart.WIDTH + " ").contains("width=\"100%\"");
    }

    @Test
    void lanesCarryEventMarkersAndUnderProvisionedBars() {
        SvgChart chart = new SvgChart(0, 3_600_000, 200, "replicas", SvgChart.Scale.FULL, true)
                .add(new SvgChart.Series("d", "d", "#000", exact(new long[] {0, 3_600_000}, new double[] {2, 4}), SvgChart.Style.STEP))
                .lane(new SvgChart.Lane("a.yaml", List.of(new ReportView.Interval(60_000, 120_000, "")),
                        List.of(new ReportView.Marker(60_000, 2, 0, 0, "scale out 2 -> 4"), new ReportView.Marker(1_800_000, 0, 1, 1, "scale in"))));
        String svg = chart.render();
        assertThat(all(svg, "(class=\"ev-out\")")).hasSize(1);
        assertThat(all(svg, "(class=\"ev-in\")")).hasSize(1);
        assertThat(all(svg, "(class=\"ev-act\")")).hasSize(1);
        assertThat(svg).contains("2 scale-outs; first: scale out 2 -&gt; 4").contains("class=\"under\"").contains(">a.yaml<title>");
    }

    @Test
    void niceTicks() {
        assertThat(SvgChart.niceTicks(97)).containsExactly(0, 20, 40, 60, 80, 100);
        assertThat(SvgChart.niceTicks(0)).containsExactly(0, 1);
        assertThat(SvgChart.niceTicks(12)).containsExactly(0, 2.5, 5, 7.5, 10, 12.5);
        assertThat(SvgChart.niceTicks(12, true)).containsExactly(0, 5, 10, 15);
        assertThat(SvgChart.niceTicks(3, true)).containsExactly(0, 1, 2, 3);
    }
}
