package io.capstan.app.plan;

import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;

/**
 * Reads one extra top-level section of a plan file (say {@code prices:} or {@code rightsizing:}) into a report
 * section. Registered in {@link PlanSections#EXTRA}: its key is then accepted by the plan file's schema (and offered
 * in did-you-mean), its node handed here after the history is analysed, and its section appended to the report.
 */
interface SectionReader {
    /** The top-level key of the plan file. */
    String key();

    /** One line: what the section holds, for the schema's messages and docs. */
    String doc();

    /**
     * Whether, in a plan with {@code targets:}, a top-level section of this key is every target's default (a price table
     * is), or belongs under each target (right-sizing reads a target's own containers) and is refused at the top.
     */
    default boolean shared() {
        return true;
    }

    /**
     * The section, or null after reporting at {@code node} (with {@code problems}) what is wrong; problems make the
     * command exit 1 with them, located, like the plan section's own.
     */
    PlanSection read(Node node, Problems problems, PlanContext context);
}
