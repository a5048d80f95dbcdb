package io.capstan.app.plan;

import java.util.List;

/**
 * One section of the plan report: a title and blocks that read the same in plan.md and plan.html. The built-in
 * sections come from {@link PlanSections#builtIn}; more plug in through a {@link SectionReader} in
 * {@link PlanSections#EXTRA} (prices and cost per option, right-sizing), each reading its own top-level key of the
 * plan file and appended after the built-in ones.
 */
interface PlanSection {
    String title();

    List<Block> blocks();

    /** What a section is made of. */
    sealed interface Block {
        /** A paragraph of plain text (escaped in HTML, as is in Markdown). */
        record Text(String text) implements Block {}

        /** A bulleted list. */
        record Items(List<String> items) implements Block {
            public Items {
                items = List.copyOf(items);
            }
        }

        /** A table; cells are plain text. */
        record Table(List<String> header, List<List<String>> rows) implements Block {
            public Table {
                header = List.copyOf(header);
                rows = rows.stream().map(List::copyOf).toList();
            }
        }

        /** An inline SVG chart in the HTML; Markdown says {@code caption} and points at plan.html. */
        record Chart(String svg, String caption) implements Block {}
    }

    static PlanSection of(String title, List<Block> blocks) {
        List<Block> copy = List.copyOf(blocks);
        return new PlanSection() {
            @Override
            public String title() {
                return title;
            }

            @Override
            public List<Block> blocks() {
                return copy;
            }
        };
    }
}
