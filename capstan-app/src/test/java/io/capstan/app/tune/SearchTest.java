package io.capstan.app.tune;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SearchTest {
    @Test
    void aGridThatFitsTheBudgetIsTriedWholeInOneBatch() {
        List<List<List<Integer>>> batches = new ArrayList<>();
        Search.run(List.of(3, 2), 6, 1, batch -> {
            batches.add(batch);
            return batch;
        });
        assertThat(batches).singleElement().satisfies(b -> assertThat(b).containsExactly(List.of(0, 0), List.of(0, 1), List.of(1, 0),
                List.of(1, 1), List.of(2, 0), List.of(2, 1)));
    }

    /** Each of the count strata of a knob's levels holds exactly one sample, whatever the seed. */
    @RepeatedTest(20)
    void latinHypercubeUsesEachStratumOnce(org.junit.jupiter.api.RepetitionInfo info) {
        Random random = new Random(info.getCurrentRepetition());
        int count = 10;
        List<List<Integer>> samples = Search.latinHypercube(List.of(100, 50), count, random);
        assertThat(samples).hasSize(count);
        for (int k = 0; k < 2; k++) {
            int levels = k == 0 ? 100 : 50;
            Set<Integer> strata = new HashSet<>();
            for (List<Integer> s : samples) strata.add(s.get(k) * count / levels);
            assertThat(strata).as("knob %d", k).hasSize(count);
        }
    }

    /** Refinement walks downhill to the minimum of a bowl within the budget, and never tries a setting twice. */
    @RepeatedTest(10)
    void refinementFindsTheBottomOfABowl(org.junit.jupiter.api.RepetitionInfo info) {
        List<List<Integer>> tried = new ArrayList<>();
        Search.run(List.of(40, 40), 120, info.getCurrentRepetition(), batch -> {
            tried.addAll(batch);
            return tried.stream().sorted(java.util.Comparator.comparingInt(s -> (s.get(0) - 27) * (s.get(0) - 27) + (s.get(1) - 9) * (s.get(1) - 9)))
                    .toList();
        });
        assertThat(tried).hasSizeLessThanOrEqualTo(120).doesNotHaveDuplicates().contains(List.of(27, 9));
    }
}
