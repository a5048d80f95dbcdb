package io.capstan.app.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small inline SVG time chart: lines (gaps break them), step lines, dashed horizontal
 * thresholds, date ticks on x and nice ticks on y. Long series are reduced to at most
 * {@value #MAX_POINTS} points, keeping each bucket's minimum and maximum so that spikes survive.
 * No scripts, no external references.
 */
final class SvgChart {
    static final int MAX_POINTS = 2000;
    private static final int WIDTH = 1080;
    private static final int LEFT = 64;
    private static final int RIGHT = 150;
    private static final int TOP = 14;
    private static final int BOTTOM = 34;

    enum Style { LINE, STEP, DASHED_STEP }

    record Series(String label, String color, long[] times, double[] values, Style style) {}

    record Threshold(String label, String color, double value) {}

    private final long from;
    private final long to;
    private final int height;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<Threshold> thresholds = new ArrayList<>();

    SvgChart(long from, long to, int height, String yLabel) {
        this.from = from;
        this.to = Math.max(to, from + 1);
        this.height = height;
        this.yLabel = yLabel;
    }

    SvgChart add(Series s) {
        series.add(s);
        return this;
    }

    SvgChart threshold(Threshold t) {
        thresholds.add(t);
        return this;
    }

    String render() {
        double max = 0;
        for (Series s : series) for (double v : s.values) if (!Double.isNaN(v)) max = Math.max(max, v);
        for (Threshold t : thresholds) max = Math.max(max, t.value);
        double[] ticks = niceTicks(max);
        double yMax = ticks[ticks.length - 1];
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = height - TOP - BOTTOM;
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" width=\"100%\" role=\"img\" aria-label=\"").append(Html.escape(yLabel)).append(" over time\">");
        sb.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(plotW).append("\" height=\"")
                .append(plotH).append("\" class=\"plot\"/>");
        // y grid and labels
        for (double t : ticks) {
            double y = TOP + plotH - t / yMax * plotH;
            sb.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotW).append("\" y1=\"").append(f(y))
                    .append("\" y2=\"").append(f(y)).append("\"/>");
            sb.append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(f(y + 4)).append("\" text-anchor=\"end\">")
                    .append(DecisionsCsv.number(round(t))).append("</text>");
        }
        sb.append("<text class=\"axis\" transform=\"translate(14 ").append(TOP + plotH / 2).append(") rotate(-90)\" text-anchor=\"middle\">")
                .append(Html.escape(yLabel)).append("</text>");
        // x ticks
        long interval = timeInterval(to - from);
        DateTimeFormatter fmt = DateTimeFormatter.ofPattern(interval >= 86_400_000L ? "MMM d" : "MMM d HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
        long firstTick = Math.floorDiv(from + interval - 1, interval) * interval;
        for (long t = firstTick; t <= to; t += interval) {
            double x = x(t, plotW);
            sb.append("<line class=\"grid\" x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"").append(TOP)
                    .append("\" y2=\"").append(TOP + plotH).append("\"/>");
            sb.append("<text class=\"tick\" x=\"").append(f(x)).append("\" y=\"").append(TOP + plotH + 16).append("\" text-anchor=\"middle\">")
                    .append(fmt.format(Instant.ofEpochMilli(t))).append("</text>");
        }
        sb.append("<text class=\"axis\" x=\"").append(LEFT + plotW / 2).append("\" y=\"").append(height - 4)
                .append("\" text-anchor=\"middle\">time (UTC)</text>");
        // thresholds
        for (Threshold t : thresholds) {
            double y = TOP + plotH - t.value / yMax * plotH;
            sb.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotW).append("\" y1=\"").append(f(y)).append("\" y2=\"")
                    .append(f(y)).append("\" stroke=\"").append(t.color).append("\" stroke-width=\"1.2\" stroke-dasharray=\"6 4\"/>");
            sb.append("<text class=\"thr\" x=\"").append(LEFT + plotW + 6).append("\" y=\"").append(f(y + 4)).append("\" fill=\"").append(t.color)
                    .append("\">").append(Html.escape(t.label)).append("</text>");
        }
        // series
        for (Series s : series) {
            String d = path(s, plotW, plotH, yMax);
            if (d.isEmpty()) continue;
            sb.append("<path fill=\"none\" stroke=\"").append(s.color).append("\" stroke-width=\"1.5\" stroke-linejoin=\"round\"")
                    .append(s.style == Style.DASHED_STEP ? " stroke-dasharray=\"5 3\"" : "").append(" d=\"").append(d).append("\"><title>")
                    .append(Html.escape(s.label)).append("</title></path>");
        }
        sb.append("</svg>");
        return sb.toString();
    }

    private String path(Series s, int plotW, int plotH, double yMax) {
        long[] times = s.times;
        double[] values = s.values;
        int n = times.length;
        StringBuilder d = new StringBuilder();
        boolean step = s.style != Style.LINE;
        boolean pen = false;
        double lastY = 0;
        int buckets = n > MAX_POINTS ? MAX_POINTS / 2 : n;
        for (int b = 0; b < buckets; b++) {
            int lo = (int) ((long) b * n / buckets);
            int hi = (int) ((long) (b + 1) * n / buckets);
            int iMin = -1, iMax = -1;
            for (int i = lo; i < hi; i++) {
                if (Double.isNaN(values[i])) continue;
                if (iMin < 0 || values[i] < values[iMin]) iMin = i;
                if (iMax < 0 || values[i] > values[iMax]) iMax = i;
            }
            if (iMin < 0) {
                pen = false;
                continue;
            }
            int first = Math.min(iMin, iMax), second = Math.max(iMin, iMax);
            for (int i : first == second ? new int[] {first} : new int[] {first, second}) {
                double x = x(times[i], plotW);
                double y = TOP + plotH - values[i] / yMax * plotH;
                if (!pen) {
                    d.append('M').append(f(x)).append(' ').append(f(y));
                    pen = true;
                } else if (step) {
                    d.append('H').append(f(x));
                    if (y != lastY) d.append('V').append(f(y));
                } else {
                    d.append('L').append(f(x)).append(' ').append(f(y));
                }
                lastY = y;
            }
        }
        return d.toString();
    }

    private double x(long t, int plotW) {
        return LEFT + (double) (t - from) / (to - from) * plotW;
    }

    /** One decimal place, no exponent. */
    private static String f(double v) {
        long r = Math.round(Math.abs(v) * 10);
        String out = (r / 10) + (r % 10 == 0 ? "" : "." + (r % 10));
        return v < 0 && r != 0 ? "-" + out : out;
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    /** 0 and about five evenly spaced round values covering max. */
    static double[] niceTicks(double max) {
        if (!(max > 0)) return new double[] {0, 1};
        double raw = max / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double[] steps = {1, 2, 2.5, 5, 10};
        double step = mag * 10;
        for (double s : steps) {
            if (s * mag >= raw) {
                step = s * mag;
                break;
            }
        }
        int count = (int) Math.ceil(max / step - 1e-9);
        double[] out = new double[count + 1];
        for (int i = 0; i <= count; i++) out[i] = i * step;
        return out;
    }

    /** A round time interval giving at most about eight ticks over the span. */
    static long timeInterval(long span) {
        long[] candidates = {60_000L, 300_000L, 900_000L, 1_800_000L, 3_600_000L, 3 * 3_600_000L, 6 * 3_600_000L, 12 * 3_600_000L,
                86_400_000L, 2 * 86_400_000L, 7 * 86_400_000L, 14 * 86_400_000L, 28 * 86_400_000L, 91 * 86_400_000L, 365 * 86_400_000L};
        for (long c : candidates) if (span / c <= 8) return c;
        return candidates[candidates.length - 1] * Math.max(1, span / (8 * candidates[candidates.length - 1]));
    }
}
