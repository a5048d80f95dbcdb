package io.capstan.app.plan;

import io.capstan.app.input.InputLimits;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problem;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Tree;
import io.capstan.core.cost.PurchaseOption;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CostSectionTest {
    static final Path FILE = Path.of("plan.yaml");

    static Node parse(String yaml, Problems problems) {
        return Tree.single(Tree.read(yaml, Tree.Format.YAML, InputLimits.DEFAULT, problems), Tree.Format.YAML, "a section", problems);
    }

    static List<String> problems(String yaml) {
        Problems p = new Problems(FILE);
        Node root = parse(yaml, p);
        assertThat(CostSection.read(((Node.Mapping) root).get("cost"), p)).isNull();
        return p.list().stream().map(Problem::toString).toList();
    }

    static final String RUNBOOK_004 = """
            cost:
              currentSize: small
              sizes:
                - {name: small, vcpu: 1, memoryGiB: 2, onDemand: 0.05}
                - {name: large, vcpu: 4, memoryGiB: 8, onDemand: 0.20, spot: 0.05, capacity: 300}
              discounts: {reserved: 40, spot: 70}
              mix: {reserved: 60, spot: 30, onDemand: 10}
              minReplicas: 2
            """;

    @Test
    void runbook004sMixOnTwoSizes() {
        Problems p = new Problems(FILE);
        CostSection.CostConfig c = CostSection.read(((Node.Mapping) parse(RUNBOOK_004, p)).get("cost"), p);
        assertThat(p.list()).isEmpty();
        assertThat(c.currentSize()).isEqualTo("small");
        assertThat(c.table().hoursPerMonth()).isEqualTo(730);
        assertThat(c.table().mix().share(PurchaseOption.RESERVED)).isEqualTo(0.6);
        // small reserved: 0.05 less 40 % = 0.03; large spot: its explicit 0.05, not 0.20 less 70 %
        assertThat(c.table().hourly(c.table().size("small"), PurchaseOption.RESERVED)).isCloseTo(0.03, within(1e-12));
        assertThat(c.table().hourly(c.table().size("large"), PurchaseOption.SPOT)).isEqualTo(0.05);
        assertThat(c.table().size("large").capacity()).isEqualTo(300);
        assertThat(c.table().size("small").hasCapacity()).isFalse();
        assertThat(c.minReplicas()).isEqualTo(2);
        assertThat(c.currency()).isEqualTo("$");
    }

    @Test
    void aMixThatDoesNotSumTo100IsAProblemAtTheMix() {
        assertThat(problems(RUNBOOK_004.replace("onDemand: 10}", "onDemand: 5}")))
                .containsExactly("plan.yaml:7:8: cost.mix: the mix's shares must sum to 100 %, found 95 %");
    }

    @Test
    void anUnknownCurrentSizeSaysWhichAreKnown() {
        assertThat(problems(RUNBOOK_004.replace("currentSize: small", "currentSize: smal")))
                .containsExactly("plan.yaml:2:16: cost.currentSize: no size 'smal' in sizes; did you mean 'small'? Sizes: small, large");
    }

    @Test
    void aMisspelledKeyIsADidYouMean() {
        assertThat(problems(RUNBOOK_004.replace("onDemand: 0.05}", "onDemnad: 0.05}")))
                .anyMatch(s -> s.startsWith("plan.yaml:4:44: cost.sizes[0].onDemnad: unknown field 'onDemnad'; did you mean 'onDemand'?"))
                .anyMatch(s -> s.contains("missing required field 'onDemand'"));
    }

    @Test
    void wrongValuesAreEachAProblemAtTheirPlace() {
        List<String> found = problems("""
                cost:
                  currentSize: small
                  sizes:
                    - {name: small, vcpu: 0, onDemand: -1}
                    - {name: small, vcpu: 1, onDemand: 1}
                  discounts: {reserved: 140}
                """);
        assertThat(found).containsExactly(
                "plan.yaml:4:27: cost.sizes[0].vcpu: vcpu must be above 0, found 0",
                "plan.yaml:4:40: cost.sizes[0].onDemand: expected a number of 0 or more, found -1",
                "plan.yaml:6:25: cost.discounts.reserved: expected a number from 0 to 100, found 140");
    }

    @Test
    void aSizeListedTwiceIsAProblem() {
        assertThat(problems("""
                cost:
                  currentSize: small
                  sizes:
                    - {name: small, vcpu: 1, onDemand: 1}
                    - {name: small, vcpu: 2, onDemand: 2}
                """)).containsExactly("plan.yaml:5:7: cost.sizes[1]: size small is listed twice; first on line 4");
    }
}
