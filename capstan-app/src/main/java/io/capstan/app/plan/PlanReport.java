package io.capstan.app.plan;

import io.capstan.app.report.Html;

import java.util.List;

/**
 * Renders the sections twice: plan.md (Markdown, charts pointed at) and plan.html (self-contained, charts inline). A
 * plan of several targets has sections of its own (the summary) and then a part per target, its sections a heading
 * level down.
 */
final class PlanReport {
    private PlanReport() {}

    /** A part of the report: a heading (a target) over its own sections; {@code anchor} is its id in the HTML. */
    record Part(String title, String anchor, List<PlanSection> sections) {}

    static String markdown(String title, List<PlanSection> sections) {
        return markdown(title, sections, List.of());
    }

    static String markdown(String title, List<PlanSection> sections, List<Part> parts) {
        StringBuilder sb = new StringBuilder(16 * 1024);
        sb.append("# ").append(title).append("\n");
        markdownSections(sb, sections, "## ");
        for (Part p : parts) {
            sb.append("\n## ").append(p.title()).append("\n");
            markdownSections(sb, p.sections(), "### ");
        }
        return sb.toString();
    }

    private static void markdownSections(StringBuilder sb, List<PlanSection> sections, String heading) {
        for (PlanSection s : sections) {
            sb.append("\n").append(heading).append(s.title()).append("\n");
            for (PlanSection.Block b : s.blocks()) {
                sb.append('\n');
                switch (b) {
                    case PlanSection.Block.Text t -> sb.append(t.text()).append('\n');
                    case PlanSection.Block.Items i -> i.items().forEach(x -> sb.append("- ").append(x).append('\n'));
                    case PlanSection.Block.Table t -> {
                        row(sb, t.header());
                        sb.append('|');
                        t.header().forEach(h -> sb.append("---|"));
                        sb.append('\n');
                        t.rows().forEach(r -> row(sb, r));
                    }
                    case PlanSection.Block.Chart c -> sb.append("Chart: ").append(c.caption()).append(" (in plan.html).\n");
                }
            }
        }
    }

    private static void row(StringBuilder sb, List<String> cells) {
        sb.append('|');
        for (String c : cells) sb.append(' ').append(c.replace("|", "\\|")).append(" |");
        sb.append('\n');
    }

    static String html(String title, List<PlanSection> sections) {
        return html(title, sections, List.of());
    }

    static String html(String title, List<PlanSection> sections, List<Part> parts) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(Html.escape(title))
                .append("</title>\n<style>body{font:14px system-ui,sans-serif;margin:24px;color:#111;max-width:1240px}h1{font-size:20px}h2{font-size:17px;"
                        + "margin-top:28px}table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:left;"
                        + "vertical-align:top}svg{max-width:100%;height:auto}</style></head><body>\n");
        sb.append("<h1>").append(Html.escape(title)).append("</h1>\n");
        htmlSections(sb, sections, "h2");
        for (Part p : parts) {
            sb.append("<h2 id=\"").append(Html.escape(p.anchor())).append("\">").append(Html.escape(p.title())).append("</h2>\n");
            htmlSections(sb, p.sections(), "h3");
        }
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private static void htmlSections(StringBuilder sb, List<PlanSection> sections, String heading) {
        for (PlanSection s : sections) {
            sb.append('<').append(heading).append('>').append(Html.escape(s.title())).append("</").append(heading).append(">\n");
            for (PlanSection.Block b : s.blocks()) {
                switch (b) {
                    case PlanSection.Block.Text t -> sb.append("<p>").append(Html.escape(t.text())).append("</p>\n");
                    case PlanSection.Block.Items i -> {
                        sb.append("<ul>\n");
                        i.items().forEach(x -> sb.append("<li>").append(Html.escape(x)).append("</li>\n"));
                        sb.append("</ul>\n");
                    }
                    case PlanSection.Block.Table t -> {
                        sb.append("<table><tr>");
                        t.header().forEach(h -> sb.append("<th>").append(Html.escape(h)).append("</th>"));
                        sb.append("</tr>\n");
                        for (List<String> r : t.rows()) {
                            sb.append("<tr>");
                            r.forEach(x -> sb.append("<td>").append(Html.escape(x)).append("</td>"));
                            sb.append("</tr>\n");
                        }
                        sb.append("</table>\n");
                    }
                    case PlanSection.Block.Chart c -> sb.append("<figure>").append(c.svg()).append("<figcaption>").append(Html.escape(c.caption()))
                            .append("</figcaption></figure>\n");
                }
            }
        }
    }
}
