package io.capstan.core.spi;

import java.util.List;

/**
 * Some of a target's decisions, newest first.
 *
 * @param next where the next (older) page starts, or null when this is the last page
 */
public record DecisionPage(List<StoredDecision> decisions, PageCursor next) {
    public DecisionPage {
        decisions = List.copyOf(decisions);
    }
}
