package io.capstan.app.plan;

import io.capstan.app.report.Html;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Horizontal bars, a group per row and a bar per series, each labelled with its value: readable at a glance, for
 * comparisons of a few things (cost per size, current against recommended requests). Infinite or NaN values get no bar.
 */
final class BarChart {
    private static final int WIDTH = 900;
    private static final int LABEL = 200;
    private static final int VALUE_ROOM = 130;
    private static final int BAR = 14;
    private static final int GAP = 10;
    private static final int LEGEND = 24;

    /** A series of bars: its name in the legend, its colour, one value per row. */
    record Series(String name, String color, double[] values) {}

    private BarChart() {}

    static String svg(List<String> rows, List<Series> series, DoubleFunction<String> format) {
        double max = 0;
        for (Series s : series) for (double v : s.values()) if (Double.isFinite(v)) max = Math.max(max, v);
        if (max <= 0) max = 1;
        int group = series.size() * BAR + GAP;
        int height = LEGEND + rows.size() * group + GAP;
        double plot = WIDTH - LABEL - VALUE_ROOM;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(height).append("\" font-family=\"system-ui,sans-serif\" font-size=\"12\">");
        int x = LABEL;
        for (Series s : series) {
            sb.append("<rect x=\"").append(x).append("\" y=\"4\" width=\"12\" height=\"12\" fill=\"").append(s.color()).append("\"/>")
                    .append("<text x=\"").append(x + 16).append("\" y=\"14\">").append(Html.escape(s.name())).append("</text>");
            x += 24 + (int) (s.name().length() * 7.0);
        }
        for (int r = 0; r < rows.size(); r++) {
            int top = LEGEND + r * group;
            sb.append("<text x=\"").append(LABEL - 8).append("\" y=\"").append(top + series.size() * BAR / 2 + 4)
                    .append("\" text-anchor=\"end\">").append(Html.escape(rows.get(r))).append("</text>");
            for (int i = 0; i < series.size(); i++) {
                double v = series.get(i).values()[r];
                int y = top + i * BAR;
                double w = Double.isFinite(v) ? Math.max(0, v / max * plot) : 0;
                sb.append("<rect x=\"").append(LABEL).append("\" y=\"").append(y + 1).append("\" width=\"").append(f(w)).append("\" height=\"")
                        .append(BAR - 2).append("\" fill=\"").append(series.get(i).color()).append("\"><title>").append(Html.escape(series.get(i).name()))
                        .append(": ").append(Html.escape(format.apply(v))).append("</title></rect>");
                sb.append("<text x=\"").append(f(LABEL + w + 4)).append("\" y=\"").append(y + BAR - 3).append("\">").append(Html.escape(format.apply(v)))
                        .append("</text>");
            }
        }
        sb.append("<line x1=\"").append(LABEL).append("\" y1=\"").append(LEGEND - 2).append("\" x2=\"").append(LABEL).append("\" y2=\"")
                .append(height - GAP / 2).append("\" stroke=\"#888\"/></svg>");
        return sb.toString();
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
