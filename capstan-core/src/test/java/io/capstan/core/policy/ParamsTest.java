package io.capstan.core.policy;

import io.capstan.core.decide.NamedAction;
import io.capstan.core.model.Severity;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A named action's parameters keep the order they were given in through the action, its proposal and
 * the decision: explanations print them, and Map.copyOf's order changed from one JVM to the next
 * (decisions.csv of the README run came out two ways).
 */
class ParamsTest {

    @Test
    void keepTheGivenOrderThroughActionProposalAndDecision() {
        Map<String, String> given = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String name = "p" + (i * 7919 % 101);
            names.add(name);
            given.put(name, "v" + i);
        }
        Action.Named action = new Action.Named("resize", given);
        Proposal.Act act = new Proposal.Act("policy", "resize", action.params(), io.capstan.core.explain.Reason.ThresholdSustained,
                io.capstan.core.explain.Explanation.text("x"), Severity.WARNING);
        NamedAction decided = new NamedAction("resize", act.params(), "policy", Severity.WARNING, "x");
        assertThat(List.copyOf(action.params().keySet())).isEqualTo(names);
        assertThat(List.copyOf(act.params().keySet())).isEqualTo(names);
        assertThat(List.copyOf(decided.params().keySet())).isEqualTo(names);
        assertThat(decided.params().toString()).isEqualTo(given.toString());
        assertThat(decided.params()).isEqualTo(given);
    }

    @Test
    void copiesAreUnmodifiableAndRefuseNulls() {
        Map<String, String> given = new HashMap<>(Map.of("a", "1"));
        Map<String, String> copy = Params.copyOf(given);
        given.put("b", "2");
        assertThat(copy).containsExactly(Map.entry("a", "1"));
        assertThatThrownBy(() -> copy.put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Params.copyOf(null)).isEmpty();
        Map<String, String> withNull = new HashMap<>();
        withNull.put("a", null);
        assertThatThrownBy(() -> Params.copyOf(withNull)).isInstanceOf(NullPointerException.class);
    }
}
