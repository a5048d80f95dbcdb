package io.capstan.app.report;

import io.capstan.core.model.Numbers;
import io.capstan.core.model.Severity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An inline SVG time chart that scales to the width of its container (viewBox, width 100 %).
 * Series arrive already reduced to about one point per pixel ({@link Downsampler}); a point that
 * stands for many samples draws as a light min-max band under its mean, so spikes stay visible.
 * Horizontal thresholds that coincide share one line and one label, and labels are stacked so they
 * never overprint. A robust y axis ({@link Scale#ROBUST}) ends near the 99th percentile (or the
 * highest threshold) when a few values lie far above, and marks the clipped values at the top edge.
 * Below the plot, optional lanes carry event markers and interval bars. No scripts, no external
 * references.
 */
final class SvgChart {
    static final int WIDTH = 1400;
    private static final int LEFT = 64;
    private static final int RIGHT = 210;
    /** Pixel columns of the plot: the resolution series are reduced to. */
    static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;
    private static final int TOP = 12;
    private static final int LANE = 18;
    private static final int AXIS_BELOW = 40;
    private static final int LABEL_GAP = 13;
    /** Average advance of an 11px label glyph, generous, for fitting labels in the margin. */
    private static final double CHAR_WIDTH = 6.8;

    enum Style {
        /** A line through the values (the mean where folded) over a min-max band. */
        LINE,
        /** A dashed line, no band: the same metric under the compared policy. */
        DASHED_LINE,
        /** A step line over a min-max band. */
        STEP,
        /** A step line with the area under it filled. */
        STEP_AREA,
        DASHED_STEP,
        DOTTED_STEP
    }

    enum Scale { ROBUST, FULL }

    /** @param id a stable name for the series (data-series), matched by the legend */
    record Series(String id, String label, String color, Downsampler.Points points, Style style) {}

    /**
     * @param relation how the policy compares, for example {@code >} or {@code target}
     * @param severity colours the line: warning amber, critical red, anything else grey
     * @param owner    the policy file, named in the tooltip when two are compared; null otherwise
     */
    record Threshold(String name, String relation, Severity severity, double value, String owner) {
        Threshold(String name, String relation, Severity severity, double value) {
            this(name, relation, severity, value, null);
        }

        String label() {
            return name + " " + relation + " " + Numbers.format(value);
        }

        String tooltip() {
            return label() + (owner == null ? "" : " (" + owner + ")");
        }

        int urgency() {
            return severity == null ? 0 : severity.ordinal();
        }

        String color() {
            return severity == Severity.CRITICAL ? "#b91c1c" : severity == Severity.WARNING ? "#b45309" : "#6b7280";
        }
    }

    /** A shaded interval over the full plot height; {@code css} is its class (fill in the page's CSS). */
    record Band(long from, long to, String css, String title) {}

    /** A strip under the plot: interval bars and event markers of one policy. */
    record Lane(String label, List<ReportView.Interval> bars, List<ReportView.Marker> markers) {}

    private final long from;
    private final long to;
    private final int plotHeight;
    private final String yLabel;
    private final Scale scale;
    private final boolean integers;
    private final List<Series> series = new ArrayList<>();
    private final List<Threshold> thresholds = new ArrayList<>();
    private final List<Band> bands = new ArrayList<>();
    private final List<Lane> lanes = new ArrayList<>();
    private double clippedMax = Double.NaN;
    private int clippedCount;

    SvgChart(long from, long to, int plotHeight, String yLabel, Scale scale, boolean integers) {
        this.from = from;
        this.to = Math.max(to, from + 1);
        this.plotHeight = plotHeight;
        this.yLabel = yLabel;
        this.scale = scale;
        this.integers = integers;
    }

    SvgChart(long from, long to, int plotHeight, String yLabel) {
        this(from, to, plotHeight, yLabel, Scale.FULL, false);
    }

    SvgChart add(Series s) {
        series.add(s);
        return this;
    }

    SvgChart threshold(Threshold t) {
        thresholds.add(t);
        return this;
    }

    SvgChart band(Band b) {
        bands.add(b);
        return this;
    }

    SvgChart lane(Lane l) {
        lanes.add(l);
        return this;
    }

    /** After {@link #render()}: the highest value above the axis, or NaN when nothing was clipped. */
    double clippedMax() {
        return clippedMax;
    }

    /** After {@link #render()}: how many drawn points reach above the axis. */
    int clippedCount() {
        return clippedCount;
    }

    String render() {
        // Whole counts get headroom, so a line at the highest count does not run along the frame.
        double yMax = integers ? axisTop() * 1.05 : axisTop();
        double[] ticks = niceTicks(yMax, integers);
        yMax = ticks[ticks.length - 1];
        int plotW = PLOT_WIDTH;
        int plotBottom = TOP + plotHeight;
        int lanesBottom = plotBottom + lanes.size() * LANE + (lanes.isEmpty() ? 0 : 4);
        int height = lanesBottom + AXIS_BELOW;
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" role=\"img\" aria-label=\"").append(Html.escape(yLabel))
                .append(" over time\">");
        sb.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(plotW).append("\" height=\"")
                .append(plotHeight).append("\" class=\"plot\"/>");
        for (Band b : bands) {
            double x1 = x(Math.max(b.from, from)), x2 = x(Math.min(b.to, to));
            if (x2 < x1) continue;
            sb.append("<rect class=\"").append(b.css).append("\" x=\"").append(f(x1)).append("\" y=\"").append(TOP).append("\" width=\"")
                    .append(f(Math.max(1.5, x2 - x1))).append("\" height=\"").append(plotHeight).append("\"><title>").append(Html.escape(b.title))
                    .append("</title></rect>");
        }
        for (double t : ticks) {
            double y = y(t, yMax);
            sb.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotW).append("\" y1=\"").append(f(y))
                    .append("\" y2=\"").append(f(y)).append("\"/>");
            sb.append("<text class=\"tick ytick\" x=\"").append(LEFT - 6).append("\" y=\"").append(f(y + 4)).append("\" text-anchor=\"end\">")
                    .append(Numbers.format(round(t))).append("</text>");
        }
        sb.append("<text class=\"axis\" transform=\"translate(16 ").append(TOP + plotHeight / 2).append(") rotate(-90)\" text-anchor=\"middle\">")
                .append(Html.escape(shorten(yLabel, plotHeight))).append("</text>");
        List<TimeTicks.Tick> xticks = TimeTicks.of(from, to, Math.max(2, plotW / 120));
        for (TimeTicks.Tick t : xticks) {
            double x = x(t.at());
            sb.append("<line class=\"grid\" x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"").append(TOP)
                    .append("\" y2=\"").append(plotBottom).append("\"/>");
            sb.append("<text class=\"tick xtick\" data-t=\"").append(t.at()).append("\" x=\"").append(f(x)).append("\" y=\"")
                    .append(lanesBottom + 19).append("\" text-anchor=\"middle\">").append(t.label()).append("</text>");
        }
        sb.append("<text class=\"axis\" x=\"").append(LEFT + plotW / 2).append("\" y=\"").append(height - 3)
                .append("\" text-anchor=\"middle\">time (UTC)</text>");
        thresholds(sb, yMax);
        for (Series s : series) series(sb, s, yMax);
        if (scale == Scale.ROBUST) clipMarks(sb, yMax);
        for (int i = 0; i < lanes.size(); i++) lane(sb, lanes.get(i), plotBottom + 4 + i * LANE);
        sb.append("</svg>");
        return sb.toString();
    }

    private double axisTop() {
        double thr = 0;
        for (Threshold t : thresholds) thr = Math.max(thr, t.value);
        List<Double> values = new ArrayList<>();
        for (Series s : series) for (double v : s.points.hi()) if (Double.isFinite(v)) values.add(v);
        double max = 0;
        for (double v : values) max = Math.max(max, v);
        if (scale == Scale.FULL || values.size() < 20) return Math.max(max, thr);
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        double p99 = sorted[(int) Math.floor(0.99 * (sorted.length - 1))];
        double base = Math.max(p99, thr);
        // A few far-off values (a cold start, one bad sample) must not flatten the band that matters.
        return max <= base * 1.25 ? Math.max(max, thr) : base * 1.1;
    }

    private void thresholds(StringBuilder sb, double yMax) {
        Map<Double, List<Threshold>> byValue = new LinkedHashMap<>();
        for (Threshold t : thresholds) byValue.computeIfAbsent(t.value, k -> new ArrayList<>()).add(t);
        record Label(List<Threshold> group, double lineY, List<String> lines, double[] top) {}
        List<Label> labels = new ArrayList<>();
        for (List<Threshold> g : byValue.values()) labels.add(new Label(g, y(g.get(0).value, yMax), labelLines(g), new double[1]));
        labels.sort((a, b) -> Double.compare(a.lineY, b.lineY));
        // Stack from the top: each label starts where the line is, or below the one above it.
        double next = Double.NEGATIVE_INFINITY;
        for (Label l : labels) {
            l.top[0] = Math.max(l.lineY - LABEL_GAP / 2.0, next);
            next = l.top[0] + l.lines.size() * LABEL_GAP;
        }
        // Then push back up what runs past the plot's bottom.
        double limit = TOP + plotHeight;
        for (int i = labels.size() - 1; i >= 0; i--) {
            Label l = labels.get(i);
            l.top[0] = Math.min(l.top[0], limit - l.lines.size() * LABEL_GAP);
            limit = l.top[0];
        }
        int x0 = LEFT + PLOT_WIDTH;
        for (Label l : labels) {
            // A shared line takes the colour of its most urgent rule.
            String color = l.group.stream().max(java.util.Comparator.comparingInt(Threshold::urgency)).orElseThrow().color();
            StringBuilder title = new StringBuilder();
            for (Threshold t : l.group) title.append(title.isEmpty() ? "" : "\n").append(t.tooltip());
            String tip = Html.escape(title.toString());
            sb.append("<line class=\"thr-line\" x1=\"").append(LEFT).append("\" x2=\"").append(x0).append("\" y1=\"").append(f(l.lineY))
                    .append("\" y2=\"").append(f(l.lineY)).append("\" stroke=\"").append(color).append("\" stroke-width=\"1.2\" stroke-dasharray=\"6 4\"><title>")
                    .append(tip).append("</title></line>");
            double anchor = l.top[0] + LABEL_GAP / 2.0;
            if (Math.abs(anchor - l.lineY) > 1) {
                sb.append("<line x1=\"").append(x0).append("\" x2=\"").append(x0 + 8).append("\" y1=\"").append(f(l.lineY)).append("\" y2=\"")
                        .append(f(anchor)).append("\" stroke=\"").append(color).append("\" stroke-width=\"0.8\"/>");
            }
            for (int i = 0; i < l.lines.size(); i++) {
                sb.append("<text class=\"thr\" x=\"").append(x0 + 10).append("\" y=\"").append(f(l.top[0] + i * LABEL_GAP + 10)).append("\" fill=\"")
                        .append(color).append("\">").append(Html.escape(l.lines.get(i))).append("<title>").append(tip).append("</title></text>");
            }
        }
    }

    /**
     * One threshold reads "name relation value"; coinciding ones read "value: name, name", wrapped
     * onto as many lines as the margin needs.
     */
    private static List<String> labelLines(List<Threshold> group) {
        int width = RIGHT - 14;
        if (group.size() == 1) return List.of(shorten(group.get(0).label(), width));
        List<String> names = new ArrayList<>();
        for (Threshold t : group) if (!names.contains(t.name)) names.add(t.name);
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(Numbers.format(group.get(0).value)).append(':');
        for (int i = 0; i < names.size(); i++) {
            String word = names.get(i) + (i < names.size() - 1 ? "," : "");
            if (line.length() + 1 + word.length() > width / CHAR_WIDTH && !line.isEmpty()) {
                lines.add(line.toString());
                line = new StringBuilder("  ");
            }
            line.append(line.toString().isBlank() ? "" : " ").append(word);
        }
        lines.add(line.toString());
        List<String> out = new ArrayList<>();
        for (String l : lines) out.add(shorten(l, width));
        return out;
    }

    private void series(StringBuilder sb, Series s, double yMax) {
        Downsampler.Points p = s.points;
        if (p.isEmpty()) return;
        boolean step = s.style == Style.STEP || s.style == Style.STEP_AREA || s.style == Style.DASHED_STEP || s.style == Style.DOTTED_STEP;
        boolean folded = p.folded();
        if (folded && (s.style == Style.LINE || s.style == Style.STEP)) {
            sb.append("<path class=\"band\" fill=\"").append(s.color).append("\" fill-opacity=\"0.22\" stroke=\"none\" d=\"").append(bandPath(p, yMax))
                    .append("\"/>");
        }
        String line = linePath(p, folded ? p.mean() : p.hi(), yMax, step);
        if (s.style == Style.STEP_AREA) {
            sb.append("<path fill=\"").append(s.color).append("\" fill-opacity=\"0.16\" stroke=\"none\" d=\"").append(areaPath(line)).append("\"/>");
        }
        String dash = switch (s.style) {
            case DASHED_LINE, DASHED_STEP -> " stroke-dasharray=\"7 4\"";
            case DOTTED_STEP -> " stroke-dasharray=\"2 3\"";
            default -> "";
        };
        double width = s.style == Style.STEP_AREA || s.style == Style.DOTTED_STEP ? 1.3 : 1.7;
        sb.append("<path class=\"series\" data-series=\"").append(Html.escape(s.id)).append("\" fill=\"none\" stroke=\"").append(s.color)
                .append("\" stroke-width=\"").append(width).append("\" stroke-linejoin=\"round\"").append(dash).append(" d=\"").append(line)
                .append("\"><title>").append(Html.escape(s.label)).append("</title></path>");
    }

    private String linePath(Downsampler.Points p, double[] values, double yMax, boolean step) {
        StringBuilder d = new StringBuilder();
        boolean pen = false;
        double lastY = 0;
        for (int i = 0; i < p.size(); i++) {
            double v = values[i];
            if (Double.isNaN(v)) {
                pen = false;
                continue;
            }
            double x = x(p.times()[i]);
            double y = y(v, yMax);
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
        return d.toString();
    }

    /** Closes each sub-path of a line down to the x axis. */
    private String areaPath(String line) {
        StringBuilder out = new StringBuilder();
        String bottom = f(TOP + plotHeight);
        for (String part : line.split("(?=M)")) {
            if (part.isEmpty()) continue;
            String[] head = part.substring(1).split("[ HVL]", 2);
            out.append(part).append("V").append(bottom).append("H").append(head[0]).append('Z');
        }
        return out.toString();
    }

    /** The min-max envelope: along the highs, back along the lows, one closed shape per run without gaps. */
    private String bandPath(Downsampler.Points p, double yMax) {
        StringBuilder d = new StringBuilder();
        int i = 0;
        while (i < p.size()) {
            while (i < p.size() && Double.isNaN(p.lo()[i])) i++;
            int start = i;
            while (i < p.size() && !Double.isNaN(p.lo()[i])) i++;
            if (i - start < 1) continue;
            for (int k = start; k < i; k++) d.append(k == start ? 'M' : 'L').append(f(x(p.times()[k]))).append(' ').append(f(y(p.hi()[k], yMax)));
            for (int k = i - 1; k >= start; k--) d.append('L').append(f(x(p.times()[k]))).append(' ').append(f(y(p.lo()[k], yMax)));
            d.append('Z');
        }
        return d.toString();
    }

    private void clipMarks(StringBuilder sb, double yMax) {
        for (Series s : series) {
            Downsampler.Points p = s.points;
            double lastX = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < p.size(); i++) {
                double v = p.hi()[i];
                if (!(v > yMax)) continue;
                clippedCount++;
                clippedMax = Double.isNaN(clippedMax) ? v : Math.max(clippedMax, v);
                double x = x(p.times()[i]);
                if (x - lastX < 6) continue;
                lastX = x;
                sb.append("<path class=\"clip\" fill=\"").append(s.color).append("\" d=\"M").append(f(x - 4)).append(' ').append(TOP + 7).append('L')
                        .append(f(x)).append(' ').append(TOP + 1).append('L').append(f(x + 4)).append(' ').append(TOP + 7)
                        .append("Z\"><title>").append(Html.escape(s.label)).append(" reaches ").append(Numbers.format(round(v)))
                        .append(" at ").append(Instant.ofEpochMilli(p.times()[i])).append(", above the axis</title></path>");
            }
        }
    }

    private void lane(StringBuilder sb, Lane lane, int top) {
        int plotRight = LEFT + PLOT_WIDTH;
        sb.append("<rect class=\"lane\" x=\"").append(LEFT).append("\" y=\"").append(top).append("\" width=\"").append(PLOT_WIDTH)
                .append("\" height=\"").append(LANE - 2).append("\"/>");
        for (ReportView.Interval b : lane.bars) {
            double x1 = x(Math.max(b.from(), from)), x2 = x(Math.min(b.to(), to));
            sb.append("<rect class=\"under\" x=\"").append(f(x1)).append("\" y=\"").append(top + LANE - 6).append("\" width=\"")
                    .append(f(Math.max(1.5, x2 - x1))).append("\" height=\"4\"><title>under-provisioned ").append(Instant.ofEpochMilli(b.from()))
                    .append(" to ").append(Instant.ofEpochMilli(Math.min(b.to(), to))).append("</title></rect>");
        }
        double mid = top + (LANE - 2) / 2.0;
        for (ReportView.Marker m : lane.markers) {
            double x = x(m.at());
            StringBuilder title = new StringBuilder().append(Instant.ofEpochMilli(m.at())).append(": ");
            List<String> parts = new ArrayList<>();
            if (m.outs() > 0) parts.add(m.outs() + " scale-out" + (m.outs() == 1 ? "" : "s"));
            if (m.ins() > 0) parts.add(m.ins() + " scale-in" + (m.ins() == 1 ? "" : "s"));
            if (m.actions() > 0) parts.add(m.actions() + " named action" + (m.actions() == 1 ? "" : "s"));
            title.append(String.join(", ", parts)).append("; first: ").append(shorten(m.first(), 600));
            sb.append("<g class=\"event\"><title>").append(Html.escape(title.toString())).append("</title>");
            if (m.outs() > 0) triangle(sb, "ev-out", x, mid, -1);
            if (m.ins() > 0) triangle(sb, "ev-in", x, mid, 1);
            if (m.actions() > 0) {
                sb.append("<circle class=\"ev-act\" cx=\"").append(f(x)).append("\" cy=\"").append(f(mid)).append("\" r=\"2.5\"/>");
            }
            sb.append("</g>");
        }
        sb.append("<text class=\"lane-label\" x=\"").append(plotRight + 10).append("\" y=\"").append(top + LANE - 5).append("\">")
                .append(Html.escape(shorten(lane.label, RIGHT - 14))).append("<title>").append(Html.escape(lane.label)).append("</title></text>");
    }

    /** An event marker: a triangle whose tip points up ({@code dir} -1) or down (+1) from just off the lane's middle. */
    private static void triangle(StringBuilder sb, String css, double x, double mid, int dir) {
        double base = mid + dir * 0.5, tip = mid + dir * 7;
        sb.append("<path class=\"").append(css).append("\" d=\"M").append(f(x - 3.5)).append(' ').append(f(base)).append('L').append(f(x)).append(' ')
                .append(f(tip)).append('L').append(f(x + 3.5)).append(' ').append(f(base)).append("Z\"/>");
    }

    private double x(long t) {
        return LEFT + (double) (Math.min(Math.max(t, from), to) - from) / (to - from) * PLOT_WIDTH;
    }

    private double y(double v, double yMax) {
        double clamped = Math.max(0, Math.min(v, yMax));
        return TOP + plotHeight - clamped / yMax * plotHeight;
    }

    /** Cuts a label to fit a width in pixels, with an ellipsis. */
    static String shorten(String text, int pixels) {
        int max = (int) (pixels / CHAR_WIDTH);
        return text.length() <= max ? text : text.substring(0, Math.max(1, max - 1)) + "\u2026";
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

    /** 0 and about five evenly spaced round values covering max; whole steps when {@code integers}. */
    static double[] niceTicks(double max, boolean integers) {
        if (!(max > 0) || !Double.isFinite(max)) return new double[] {0, 1};
        double raw = max / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double[] steps = integers ? new double[] {1, 2, 5, 10} : new double[] {1, 2, 2.5, 5, 10};
        double step = mag * 10;
        for (double s : steps) {
            if (s * mag >= raw) {
                step = s * mag;
                break;
            }
        }
        if (integers) step = Math.max(1, Math.round(step));
        int count = (int) Math.ceil(max / step - 1e-9);
        double[] out = new double[count + 1];
        for (int i = 0; i <= count; i++) out[i] = i * step;
        return out;
    }

    static double[] niceTicks(double max) {
        return niceTicks(max, false);
    }
}
