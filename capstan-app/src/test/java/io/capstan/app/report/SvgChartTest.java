package io.capstan.app.report;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class SvgChartTest {
    private static String path(String svg) {
        Matcher m = Pattern.compile(" d=\"([^\"]*)\"").matcher(svg);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void stepLinesMoveHorizontallyThenVertically() {
        long[] t = {0, 1000, 2000};
        double[] v = {1, 1, 2};
        String d = path(new SvgChart(0, 2000, 200, "r").add(new SvgChart.Series("r", "#000", t, v, SvgChart.Style.STEP)).render());
        assertThat(d).startsWith("M").contains("H").contains("V").doesNotContain("L");
    }

    @Test
    void dashedStepsAreDashed() {
        long[] t = {0, 1000};
        double[] v = {1, 2};
        String svg = new SvgChart(0, 1000, 200, "r").add(new SvgChart.Series("r", "#000", t, v, SvgChart.Style.DASHED_STEP)).render();
        assertThat(svg).contains("stroke-dasharray=\"5 3\"");
    }

    @Test
    void thresholdsWidenTheScaleAndAreLabelled() {
        long[] t = {0, 1000};
        double[] v = {1, 2};
        String svg = new SvgChart(0, 1000, 200, "cpu").add(new SvgChart.Series("cpu", "#000", t, v, SvgChart.Style.LINE))
                .threshold(new SvgChart.Threshold("high > 80", "#f00", 80)).render();
        assertThat(svg).contains(">high &gt; 80</text>").contains(">80</text>").contains("stroke-dasharray=\"6 4\"");
    }

    @Test
    void anAllMissingSeriesDrawsNothingButTheAxes() {
        long[] t = {0, 1000};
        double[] v = {Double.NaN, Double.NaN};
        String svg = new SvgChart(0, 1000, 200, "cpu").add(new SvgChart.Series("cpu", "#000", t, v, SvgChart.Style.LINE)).render();
        assertThat(svg).doesNotContain("<path").contains(">0</text>").contains("time (UTC)");
    }

    @Test
    void aSingleInstantStillRenders() {
        long[] t = {5000};
        double[] v = {3};
        String svg = new SvgChart(5000, 5000, 200, "cpu").add(new SvgChart.Series("cpu", "#000", t, v, SvgChart.Style.LINE)).render();
        assertThat(svg).contains("<path").doesNotContain("NaN").doesNotContain("Infinity");
    }

    @Test
    void coordinatesHaveOneDecimalAndNoExponent() {
        long[] t = new long[100];
        double[] v = new double[100];
        for (int i = 0; i < 100; i++) {
            t[i] = i * 1000L;
            v[i] = Math.sin(i) * 1e-3 + 1e-3;
        }
        String d = path(new SvgChart(0, 99_000, 200, "x").add(new SvgChart.Series("x", "#000", t, v, SvgChart.Style.LINE)).render());
        assertThat(d).matches("[MLHV0-9. -]+").doesNotContain("E");
    }
}
