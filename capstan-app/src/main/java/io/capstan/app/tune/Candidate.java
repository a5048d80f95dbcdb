package io.capstan.app.tune;

import java.util.List;

/**
 * One knob setting and how it scored.
 *
 * @param id      1-based, in the order tried
 * @param levels  per knob, the index of its value
 * @param values  per knob, the value as written into the policy file
 * @param invalid why the policy file with these values does not load (say min above max), or null; such a candidate has no scores
 */
record Candidate(int id, List<Integer> levels, List<String> values, Score fit, Score holdout, String invalid) {}
