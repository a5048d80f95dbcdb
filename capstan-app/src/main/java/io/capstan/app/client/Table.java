package io.capstan.app.client;

import io.capstan.app.input.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows under a header, in columns padded to their widest cell; numeric columns are right-aligned. Cells are escaped
 * (a reason holding a terminal's escape sequence shows as text, it does not act on the terminal).
 */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] right;

    Table(String[] header, boolean... right) {
        this.right = right;
        rows.add(header);
    }

    /** A row; a row after it that has only a note (see {@link #note}) stays under it. */
    void row(String... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) r[i] = cells[i] == null ? "" : Problem.escapeName(cells[i]);
        rows.add(r);
    }

    /** A line under the last row, indented, outside the columns. */
    void note(String text) {
        rows.add(new String[] {"  " + Problem.escapeName(text)});
    }

    List<String> lines() {
        int columns = rows.getFirst().length;
        int[] width = new int[columns];
        for (String[] r : rows) {
            if (r.length == 1 && columns > 1) continue;
            for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].codePointCount(0, r[i].length()));
        }
        List<String> lines = new ArrayList<>();
        for (String[] r : rows) {
            if (r.length == 1 && columns > 1) {
                lines.add(r[0]);
                continue;
            }
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                String pad = " ".repeat(width[i] - r[i].codePointCount(0, r[i].length()));
                boolean alignRight = i < right.length && right[i];
                if (alignRight) b.append(pad).append(r[i]);
                else b.append(r[i]).append(i == r.length - 1 ? "" : pad);
                if (i < r.length - 1) b.append("  ");
            }
            lines.add(b.toString().stripTrailing());
        }
        return lines;
    }
}
