package io.capstan.app.report;

import io.capstan.core.forecast.Forecast;
import io.capstan.core.forecast.RegularSeries;
import io.capstan.core.model.Numbers;

import java.util.List;
import java.util.Locale;

/**
 * The page {@code capstan forecast} writes: the recent history, the forecast's median and its p10-p90
 * interval as a shaded band, on one time axis (the report's {@link TimeTicks} and {@link SvgChart#niceTicks}),
 * then the backtest scores that chose the model. Self-contained HTML with an inline SVG, no script.
 */
public final class ForecastChart {
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 16;
    private static final int BOTTOM = 40;
    /** History points drawn at most; more are averaged per pixel column pair. */
    private static final int MAX_POINTS = 2 * (WIDTH - LEFT - RIGHT);

    private ForecastChart() {}

    /**
     * The HTML page.
     *
     * @param title   what was forecast (file and series)
     * @param history the history to draw (the caller picks how much: a few horizons)
     * @param facts   lines shown under the title (model, step, horizon, notes)
     */
    public static String page(String title, RegularSeries history, Forecast forecast, List<String> facts) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Forecast: ").append(Html.escape(title))
                .append("</title>\n<style>body{font:14px system-ui,sans-serif;margin:24px;color:#111}h1{font-size:20px}"
                        + "table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:left}"
                        + "td.n{text-align:right;font-variant-numeric:tabular-nums}.legend span{margin-right:18px}"
                        + ".sw{display:inline-block;width:22px;height:10px;margin-right:6px;vertical-align:middle}</style></head><body>\n");
        sb.append("<h1>Forecast: ").append(Html.escape(title)).append("</h1>\n<ul>\n");
        for (String f : facts) sb.append("<li>").append(Html.escape(f)).append("</li>\n");
        sb.append("</ul>\n<p class=\"legend\"><span><i class=\"sw\" style=\"background:#374151;height:2px\"></i>history</span>"
                + "<span><i class=\"sw\" style=\"background:#2563eb;height:2px\"></i>forecast p50</span>"
                + "<span><i class=\"sw\" style=\"background:#93c5fd\"></i>p10 to p90</span></p>\n");
        sb.append(svg(history, forecast));
        sb.append("<h2>Backtest</h2>\n<p>Mean absolute error of each model's forecasts over the held-back end of the history "
                + "(rolling origins, same horizon); the least wins under <code>--model auto</code>.</p>\n<table><tr><th>model</th><th>MAE</th>"
                + "<th>origins</th></tr>\n");
        for (Forecast.Score s : forecast.scores()) {
            sb.append("<tr><td>").append(Html.escape(s.model())).append(s.model().equals(forecast.model()) ? " (chosen)" : "")
                    .append("</td><td class=\"n\">").append(Numbers.format(round(s.mae()))).append("</td><td class=\"n\">").append(s.origins())
                    .append("</td></tr>\n");
        }
        for (Forecast.Skipped s : forecast.skipped()) {
            sb.append("<tr><td>").append(Html.escape(s.model())).append("</td><td colspan=\"2\">not tried: ").append(Html.escape(s.reason()))
                    .append("</td></tr>\n");
        }
        sb.append("</table>\n</body></html>\n");
        return sb.toString();
    }

    /** A horizontal level drawn across the chart (a threshold, a phase), labelled at its right end. */
    public record Line(String label, double value) {}

    private static String svg(RegularSeries history, Forecast f) {
        return svg(history, f, List.of());
    }

    /**
     * The chart alone: history, forecast p50 and the p10-p90 band, and dashed horizontal {@code lines}. A line more
     * than half again above the data is left off (it would flatten the data to the bottom) and listed in the SVG's
     * caption as off the chart.
     */
    public static String svg(RegularSeries history, Forecast f, List<Line> lines) {
        long from = history.startMillis();
        long to = f.startMillis() + (f.horizon() - 1) * f.stepMillis();
        double max = 0, min = 0;
        for (int i = 0; i < history.size(); i++) max = Math.max(max, history.value(i));
        for (int k = 0; k < f.horizon(); k++) {
            max = Math.max(max, f.p90()[k]);
            min = Math.min(min, f.p10()[k]);
        }
        for (int i = 0; i < history.size(); i++) min = Math.min(min, history.value(i));
        double dataMax = max;
        List<Line> drawn = new java.util.ArrayList<>();
        List<String> off = new java.util.ArrayList<>();
        for (Line l : lines) {
            if (l.value() >= min && l.value() <= Math.max(dataMax * 1.5, dataMax + 1)) {
                drawn.add(l);
                max = Math.max(max, l.value());
            } else {
                off.add(l.label() + " (" + Numbers.format(round(l.value())) + ")");
            }
        }
        double[] ticks = SvgChart.niceTicks(max - min);
        double top = min + ticks[ticks.length - 1];
        Axis axis = new Axis(from, Math.max(to, from + 1), min, top == min ? min + 1 : top);
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"history and forecast\">\n");
        for (double t : ticks) {
            double y = axis.y(min + t);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e7eb\"/>", LEFT, WIDTH - RIGHT, y, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4,
                    Html.escape(Numbers.format(round(min + t)))));
        }
        for (TimeTicks.Tick t : TimeTicks.of(from, to, 10)) {
            double x = axis.x(t.at());
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#f3f4f6\"/>", x, x, TOP, HEIGHT - BOTTOM));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>%n", x, HEIGHT - BOTTOM + 16,
                    Html.escape(t.label())));
        }
        // The interval: p90 left to right, then p10 back.
        sb.append("<polygon fill=\"#93c5fd\" fill-opacity=\"0.6\" stroke=\"none\" points=\"");
        for (int k = 0; k < f.horizon(); k++) point(sb, axis, f.startMillis() + k * f.stepMillis(), f.p90()[k]);
        for (int k = f.horizon() - 1; k >= 0; k--) point(sb, axis, f.startMillis() + k * f.stepMillis(), f.p10()[k]);
        sb.append("\"/>\n<polyline fill=\"none\" stroke=\"#374151\" stroke-width=\"1.2\" points=\"");
        int n = history.size();
        int per = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
        for (int i = 0; i < n; i += per) {
            double sum = 0;
            int c = 0;
            for (int j = i; j < Math.min(n, i + per); j++, c++) sum += history.value(j);
            point(sb, axis, history.timeMillis(i), sum / c);
        }
        sb.append("\"/>\n<polyline fill=\"none\" stroke=\"#2563eb\" stroke-width=\"1.8\" points=\"");
        for (int k = 0; k < f.horizon(); k++) point(sb, axis, f.startMillis() + k * f.stepMillis(), f.p50()[k]);
        sb.append(String.format(Locale.ROOT, "\"/>%n<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#9ca3af\" stroke-dasharray=\"4 3\"/>%n",
                axis.x(f.startMillis()), axis.x(f.startMillis()), TOP, HEIGHT - BOTTOM));
        // Labels of lines closer than a text line to the last label at the right go to the left end instead.
        drawn.sort(java.util.Comparator.comparingDouble(Line::value));
        double lastRight = Double.NaN;
        for (Line l : drawn) {
            double y = axis.y(l.value());
            boolean right = Double.isNaN(lastRight) || Math.abs(lastRight - y) >= 13;
            if (right) lastRight = y;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#dc2626\" stroke-dasharray=\"6 4\"/>", LEFT,
                    WIDTH - RIGHT, y, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" fill=\"#dc2626\" text-anchor=\"%s\">%s</text>%n",
                    right ? WIDTH - RIGHT - 4 : LEFT + 4, y - 4, right ? "end" : "start", Html.escape(l.label() + " (" + Numbers.format(round(l.value())) + ")")));
        }
        if (!off.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#dc2626\" text-anchor=\"end\">%s</text>%n", WIDTH - RIGHT - 4,
                    TOP + 10, Html.escape("above the chart: " + String.join(", ", off))));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void point(StringBuilder sb, Axis axis, long t, double v) {
        sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", axis.x(t), axis.y(v)));
    }

    private record Axis(long from, long to, double min, double max) {
        double x(long t) {
            return LEFT + (double) (t - from) / (to - from) * (WIDTH - LEFT - RIGHT);
        }

        double y(double v) {
            return HEIGHT - BOTTOM - (v - min) / (max - min) * (HEIGHT - BOTTOM - TOP);
        }
    }

    private static double round(double v) {
        double scale = Math.abs(v) >= 100 ? 1 : Math.abs(v) >= 1 ? 100 : 10_000;
        return Math.round(v * scale) / scale;
    }
}
