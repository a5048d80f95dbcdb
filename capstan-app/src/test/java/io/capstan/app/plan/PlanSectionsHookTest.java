package io.capstan.app.plan;

import io.capstan.app.input.InputLimits;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problem;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Tree;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The place further sections plug in: a reader's key is accepted by the plan file, and its section renders in both files. */
class PlanSectionsHookTest {
    private static final SectionReader PRICES = new SectionReader() {
        @Override
        public String key() {
            return "prices";
        }

        @Override
        public String doc() {
            return "a price table";
        }

        @Override
        public PlanSection read(Node node, Problems problems, PlanContext context) {
            return PlanSection.of("Cost", List.of(new PlanSection.Block.Text("from " + node.path())));
        }
    };

    private static PlanFile.Read read(String yaml, Problems problems) {
        Node root = Tree.single(Tree.read(yaml, Tree.Format.YAML, InputLimits.DEFAULT, problems), Tree.Format.YAML, "a plan file", problems);
        return PlanFile.read(root, problems, List.of(PRICES));
    }

    @Test
    void aRegisteredReadersKeyIsAcceptedAndHandedOver() {
        Problems problems = new Problems(Path.of("p.yaml"));
        PlanFile.Read read = read("plan: {}\nprices: {m5.large: 0.096}\n", problems);
        assertThat(problems.list()).isEmpty();
        assertThat(read.extra()).containsOnlyKeys("prices");
        assertThat(PRICES.read(read.extra().get("prices"), problems, null).blocks()).containsExactly(new PlanSection.Block.Text("from prices"));
    }

    @Test
    void aMisspeltKeyIsOfferedTheReadersKey() {
        Problems problems = new Problems(Path.of("p.yaml"));
        read("plan: {}\nprics: {}\n", problems);
        assertThat(problems.list()).extracting(Problem::toString).containsExactly(
                "p.yaml:2:1: prics: unknown field 'prics'; did you mean 'prices'? Accepted fields: plan, targets, prices");
    }

    @Test
    void sectionsRenderTheSameNumbersInMarkdownAndHtmlEscapedForEach() {
        List<PlanSection> sections = List.of(PlanSection.of("Cost <per> option", List.of(
                new PlanSection.Block.Text("a & b"),
                new PlanSection.Block.Items(List.of("one", "two")),
                new PlanSection.Block.Table(List.of("option", "cost"), List.of(List.of("a|b", "<1>"))),
                new PlanSection.Block.Chart("<svg></svg>", "the chart"))));
        String md = PlanReport.markdown("T", sections);
        assertThat(md).isEqualTo("# T\n\n## Cost <per> option\n\na & b\n\n- one\n- two\n\n| option | cost |\n|---|---|\n| a\\|b | <1> |\n\n"
                + "Chart: the chart (in plan.html).\n");
        String html = PlanReport.html("T", sections);
        assertThat(html).contains("<h2>Cost &lt;per&gt; option</h2>").contains("<p>a &amp; b</p>").contains("<li>one</li>")
                .contains("<td>a|b</td><td>&lt;1&gt;</td>").contains("<figure><svg></svg><figcaption>the chart</figcaption></figure>");
    }
}
