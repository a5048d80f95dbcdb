package io.capstan.app.tune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Which knob settings to try: every one when the grid fits in the budget, otherwise a seeded Latin hypercube over
 * half the budget followed by local refinement (one step up or down on each knob around the best setting so far
 * that has an untried neighbour) until the budget is spent. Deterministic for a seed: the refinement follows the
 * scores, which do not depend on thread timing.
 */
final class Search {
    private Search() {}

    /** Evaluates a batch of settings (each a list of levels, one per knob) and returns all settings tried so far, best first. */
    interface Evaluator extends Function<List<List<Integer>>, List<List<Integer>>> {}

    static boolean isGrid(List<Integer> sizes, int budget) {
        return gridSize(sizes) <= budget;
    }

    static long gridSize(List<Integer> sizes) {
        long total = 1;
        for (int n : sizes) {
            total *= n;
            if (total > Integer.MAX_VALUE) return Long.MAX_VALUE;
        }
        return total;
    }

    static void run(List<Integer> sizes, int budget, long seed, Evaluator evaluate) {
        if (isGrid(sizes, budget)) {
            evaluate.apply(grid(sizes));
            return;
        }
        Set<List<Integer>> tried = new HashSet<>();
        List<List<Integer>> first = new ArrayList<>(new LinkedHashSet<>(latinHypercube(sizes, Math.max(1, budget / 2), new Random(seed))));
        tried.addAll(first);
        List<List<Integer>> ranked = evaluate.apply(first);
        while (tried.size() < budget) {
            // around the best setting that still has an untried neighbour
            List<List<Integer>> next = new ArrayList<>();
            for (List<Integer> at : ranked) {
                for (List<Integer> n : neighbours(at, sizes)) if (tried.size() + next.size() < budget && !tried.contains(n)) next.add(n);
                if (!next.isEmpty()) break;
            }
            if (next.isEmpty()) return;
            tried.addAll(next);
            ranked = evaluate.apply(next);
        }
    }

    static List<List<Integer>> grid(List<Integer> sizes) {
        List<List<Integer>> out = new ArrayList<>();
        out.add(List.of());
        for (int n : sizes) {
            List<List<Integer>> more = new ArrayList<>();
            for (List<Integer> prefix : out) {
                for (int i = 0; i < n; i++) {
                    List<Integer> c = new ArrayList<>(prefix);
                    c.add(i);
                    more.add(List.copyOf(c));
                }
            }
            out = more;
        }
        return out;
    }

    /** {@code count} settings; on each knob the count strata of its range are each used once. */
    static List<List<Integer>> latinHypercube(List<Integer> sizes, int count, Random random) {
        List<List<Integer>> perKnob = new ArrayList<>();
        for (int n : sizes) {
            List<Integer> strata = new ArrayList<>();
            for (int j = 0; j < count; j++) strata.add(j);
            Collections.shuffle(strata, random);
            List<Integer> levels = new ArrayList<>();
            for (int j : strata) levels.add(Math.min(n - 1, (int) Math.floor((j + random.nextDouble()) * n / count)));
            perKnob.add(levels);
        }
        List<List<Integer>> out = new ArrayList<>();
        for (int j = 0; j < count; j++) {
            List<Integer> c = new ArrayList<>();
            for (List<Integer> levels : perKnob) c.add(levels.get(j));
            out.add(List.copyOf(c));
        }
        return out;
    }

    static List<List<Integer>> neighbours(List<Integer> at, List<Integer> sizes) {
        List<List<Integer>> out = new ArrayList<>();
        for (int k = 0; k < at.size(); k++) {
            for (int d : new int[] {-1, 1}) {
                int v = at.get(k) + d;
                if (v < 0 || v >= sizes.get(k)) continue;
                List<Integer> c = new ArrayList<>(at);
                c.set(k, v);
                out.add(List.copyOf(c));
            }
        }
        return out;
    }
}
