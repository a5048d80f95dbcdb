package io.capstan.core.simulate;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A streamed row's metrics: an unmodifiable map over the target's metric names and one array of
 * values, NaN for a metric without a fresh sample (absent from the map). Iterates in the names'
 * order, as the {@link java.util.LinkedHashMap} it replaces did, and equals any map with the same
 * entries. A long replay makes one per step and target: the LinkedHashMap with its table and
 * entries was about a tenth of the bytes a step allocated; lookups scan a handful of names.
 */
final class MetricValues extends AbstractMap<String, Double> {
    private final String[] names;
    private final double[] values;
    private final int size;

    /**
     * @param names  shared, never modified
     * @param values owned by this map, one per name
     */
    MetricValues(String[] names, double[] values) {
        this.names = names;
        this.values = values;
        int n = 0;
        for (double v : values) if (!Double.isNaN(v)) n++;
        this.size = n;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public Double get(Object key) {
        for (int k = 0; k < names.length; k++) {
            if (names[k].equals(key)) return Double.isNaN(values[k]) ? null : values[k];
        }
        return null;
    }

    @Override
    public Set<Entry<String, Double>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Entry<String, Double>> iterator() {
                return new Iterator<>() {
                    private int next = skip(0);

                    private int skip(int k) {
                        while (k < values.length && Double.isNaN(values[k])) k++;
                        return k;
                    }

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Entry<String, Double> next() {
                        if (next >= values.length) throw new NoSuchElementException();
                        Entry<String, Double> e = new SimpleImmutableEntry<>(names[next], values[next]);
                        next = skip(next + 1);
                        return e;
                    }
                };
            }
        };
    }
}
