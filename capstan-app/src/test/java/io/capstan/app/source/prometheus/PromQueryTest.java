package io.capstan.app.source.prometheus;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PromQueryTest {
    @Test
    void variablesAreReplacedAsInsideAPromQLString() {
        PromQuery q = new PromQuery("sum(q{deployment=\"{{target}}\", m=\"{{ metric }}\"})", null);

        assertThat(q.forTarget("web", "queue_depth")).isEqualTo("sum(q{deployment=\"web\", m=\"queue_depth\"})");
        assertThat(q.forTarget("we\"b\\x", "m")).isEqualTo("sum(q{deployment=\"we\\\"b\\\\x\", m=\"m\"})");
    }

    @Test
    void aGroupedTemplateSelectsEveryTargetWithOneAnchoredRegex() {
        PromQuery q = new PromQuery("sum by (deployment) (rate(x{deployment=\"{{target}}\"}[1m]))", "deployment");

        assertThat(q.whyNot()).isNull();
        assertThat(q.forTargets(List.of("a", "b", "c"), "m")).isEqualTo("sum by (deployment) (rate(x{deployment=~\"a|b|c\"}[1m]))");
        // Regex characters in a name match only themselves: a.b must not select axb.
        assertThat(q.forTargets(List.of("a.b", "c|d"), "m")).isEqualTo("sum by (deployment) (rate(x{deployment=~\"a\\\\.b|c\\\\|d\"}[1m]))");
    }

    @Test
    void theGroupLabelTravelsInTheRequestQueryAsAComment() {
        PromQuery grouped = new PromQuery("sum by (job) (up{job=\"{{target}}\"})", "job");
        PromQuery plain = new PromQuery("sum(up)", null);

        assertThat(PromQuery.parse(grouped.spelling())).isEqualTo(grouped);
        assertThat(PromQuery.parse(plain.spelling())).isEqualTo(plain);
        assertThat(grouped.spelling()).isEqualTo("sum by (job) (up{job=\"{{target}}\"})\n# groupBy: job");
    }

    @Test
    void aMatcherOnALabelThatOnlyEndsWithTheGroupLabelIsNotTheGroupMatcher() {
        PromQuery q = new PromQuery("sum by (job) (up{myjob=\"{{target}}\"})", "job");

        assertThat(q.whyNot()).contains("{{target}} may appear only as the label matcher job=\"{{target}}\"");
    }
}
