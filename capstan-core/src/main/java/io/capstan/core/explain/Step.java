package io.capstan.core.explain;

/**
 * One stage of a decision, as the HPA's limiters return (replicas, reason, message): what the
 * replica count was before the stage, after it, and why. A decision's steps chain: each step's
 * {@code before} is the previous step's {@code after}.
 *
 * @param stage   which part of the pipeline (for example "proposal:cpu-high", "combine", "stabilize", "rate", "cooldown", "bounds")
 * @param reason  stable code
 * @param before  replicas going into the stage
 * @param after   replicas coming out of it
 * @param explanation human-readable explanation naming the signal, rule or limit, rendered on first read
 */
public record Step(String stage, Reason reason, int before, int after, Explanation explanation) {
    public Step {
        if (stage == null || stage.isBlank()) throw new IllegalArgumentException("stage must be named");
        if (reason == null) throw new IllegalArgumentException("reason must be given for stage " + stage);
        if (explanation == null) explanation = Explanation.text("");
    }

    public Step(String stage, Reason reason, int before, int after, String message) {
        this(stage, reason, before, after, Explanation.text(message));
    }

    public String message() {
        return explanation.toString();
    }
}
