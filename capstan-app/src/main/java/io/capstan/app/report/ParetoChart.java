package io.capstan.app.report;

import io.capstan.core.model.Numbers;

import java.util.List;
import java.util.Locale;

/**
 * A scatter chart of candidates, replica-hours across and under-provisioned minutes up, with the Pareto front joined
 * by a line and the chosen candidate ringed: tune's picture of what each setting costs and what it buys. Axes use the
 * report's {@link SvgChart#niceTicks}.
 */
public final class ParetoChart {
    private ParetoChart() {}

    /** A candidate's point; {@code css} is a fill colour. */
    public record Point(double x, double y, String title, String css) {}

    static final int WIDTH = 900;
    static final int HEIGHT = 460;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 16;
    private static final int BOTTOM = 48;

    /** HTML-escaped text, for pages built around the chart. */
    public static String escape(String text) {
        return Html.escape(text);
    }

    public static String svg(String xLabel, String yLabel, List<Point> points, List<Point> front, Point chosen) {
        double maxX = 0;
        double maxY = 0;
        double minX = Double.MAX_VALUE;
        for (Point p : points) {
            maxX = Math.max(maxX, p.x());
            maxY = Math.max(maxY, p.y());
            minX = Math.min(minX, p.x());
        }
        if (points.isEmpty()) minX = 0;
        double[] xTicks = SvgChart.niceTicks(Math.max(maxX - Math.floor(minX), 1e-9));
        double[] yTicks = SvgChart.niceTicks(Math.max(maxY, 1e-9));
        double x0 = Math.floor(minX);
        double xSpan = xTicks[xTicks.length - 1] == 0 ? 1 : xTicks[xTicks.length - 1];
        double ySpan = yTicks[yTicks.length - 1] == 0 ? 1 : yTicks[yTicks.length - 1];
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        java.util.function.DoubleUnaryOperator x = v -> LEFT + (v - x0) / xSpan * plotW;
        java.util.function.DoubleUnaryOperator y = v -> TOP + plotH - v / ySpan * plotH;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\""
                + " aria-label=\"%s against %s\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT, Html.escape(yLabel), Html.escape(xLabel)));
        for (double t : yTicks) {
            double py = y.applyAsDouble(t);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e7eb\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>%n", LEFT, WIDTH - RIGHT, py, py, LEFT - 6, py + 4,
                    Html.escape(Numbers.format(t))));
        }
        for (double t : xTicks) {
            double px = x.applyAsDouble(x0 + t);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#f3f4f6\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>%n", px, px, TOP, TOP + plotH, px, TOP + plotH + 16,
                    Html.escape(Numbers.format(x0 + t))));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>%n", LEFT + plotW / 2, HEIGHT - 8,
                Html.escape(xLabel)));
        sb.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>%n",
                TOP + plotH / 2, TOP + plotH / 2, Html.escape(yLabel)));
        if (front.size() > 1) {
            sb.append("<polyline class=\"front\" fill=\"none\" stroke=\"#2563eb\" stroke-width=\"1.5\" points=\"");
            for (Point p : front) sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(p.x()), y.applyAsDouble(p.y())));
            sb.append("\"/>\n");
        }
        for (Point p : points) {
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s</title></circle>%n",
                    x.applyAsDouble(p.x()), y.applyAsDouble(p.y()), Html.escape(p.css()), Html.escape(p.title())));
        }
        if (chosen != null) {
            sb.append(String.format(Locale.ROOT, "<circle class=\"chosen\" cx=\"%.1f\" cy=\"%.1f\" r=\"8\" fill=\"none\" stroke=\"#dc2626\" stroke-width=\"2\">"
                    + "<title>%s</title></circle>%n", x.applyAsDouble(chosen.x()), y.applyAsDouble(chosen.y()), Html.escape(chosen.title())));
        }
        return sb.append("</svg>\n").toString();
    }
}
