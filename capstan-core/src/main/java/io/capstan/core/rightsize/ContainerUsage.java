package io.capstan.core.rightsize;

import java.util.Arrays;

/**
 * One container's usage history and its current requests: what a recommendation is made from.
 *
 * @param container   the container's name
 * @param requests    its requests now (the CPU request is each CPU sample's weight, as in the VPA)
 * @param cpu         CPU usage in cores
 * @param memory      memory usage (working set) in bytes
 * @param oomKills    when the container was OOM-killed, epoch milliseconds ascending
 */
public record ContainerUsage(String container, RightsizingSettings.Resources requests, Series cpu, Series memory, long[] oomKills) {
    public ContainerUsage {
        if (container == null || container.isBlank()) throw new IllegalArgumentException("a container needs a name");
        oomKills = oomKills.clone();
    }

    @Override
    public long[] oomKills() {
        return oomKills.clone();
    }

    /**
     * Samples in time order.
     *
     * @param epochMillis each sample's time
     * @param values      each sample's value; NaN is no data (skipped)
     */
    public record Series(long[] epochMillis, double[] values) {
        public static final Series EMPTY = new Series(new long[0], new double[0]);

        public Series {
            if (epochMillis.length != values.length) {
                throw new IllegalArgumentException(epochMillis.length + " times but " + values.length + " values");
            }
            epochMillis = epochMillis.clone();
            values = values.clone();
        }

        public int size() {
            return values.length;
        }

        long time(int i) {
            return epochMillis[i];
        }

        double value(int i) {
            return values[i];
        }

        @Override
        public long[] epochMillis() {
            return epochMillis.clone();
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Series s && Arrays.equals(epochMillis, s.epochMillis) && Arrays.equals(values, s.values);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(epochMillis) + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "Series[" + values.length + " samples]";
        }
    }
}
