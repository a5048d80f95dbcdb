package io.capstan.core.rightsize;

/**
 * What one container's requests should be, beside what they are.
 *
 * @param container      the container's name
 * @param cpu            CPU in cores
 * @param memory         memory in bytes
 * @param confidenceDays how much history the bounds were widened for (see {@link Recommender})
 * @param cpuSamples     CPU samples used
 * @param memorySamples  memory samples used
 * @param oomKills       OOM kills that bumped memory
 */
public record Recommendation(String container, Resource cpu, Resource memory, double confidenceDays, int cpuSamples, int memorySamples,
                             int oomKills) {

    /** True when there was no usage at all to recommend from: the numbers are then only the minimums. */
    public boolean noData() {
        return cpuSamples == 0 && memorySamples == 0 && oomKills == 0;
    }

    /**
     * One resource.
     *
     * @param current    the request now
     * @param target     the recommended request
     * @param lowerBound below this the request is too small (the VPA evicts to raise it)
     * @param upperBound above this it is too large (infinite with no history to judge by)
     */
    public record Resource(double current, double target, double lowerBound, double upperBound) {
        /** The request freed per replica by moving to the target; negative when the target is higher. */
        public double savings() {
            return current - target;
        }

        /** Where the current request stands: within the bounds, or which one it crosses. */
        public Verdict verdict() {
            if (current < lowerBound) return Verdict.UNDER_PROVISIONED;
            if (current > upperBound) return Verdict.OVER_PROVISIONED;
            return Verdict.WITHIN_BOUNDS;
        }
    }

    public enum Verdict {
        UNDER_PROVISIONED("under-provisioned"), WITHIN_BOUNDS("within bounds"), OVER_PROVISIONED("over-provisioned");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }
}
