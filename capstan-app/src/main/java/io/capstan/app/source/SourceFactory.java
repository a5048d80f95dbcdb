package io.capstan.app.source;

import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.core.spi.MetricSource;

/**
 * One kind of polled metric source, registered under its name through {@link java.util.ServiceLoader}: a plugin adds
 * its class name to {@code META-INF/services/io.capstan.app.source.SourceFactory} and touches nothing else. The name
 * is both the key of its section under the top-level {@code sources:} map and the key a metric writes in
 * {@code source: {<name>: <spelling>}}. Reading and opening are two steps, so {@code capstan validate} can check a
 * config without connecting to anything.
 */
public interface SourceFactory {
    /** The source's name in a config ({@code host}, {@code prometheus}). */
    String type();

    /** One line on what it reads, for messages ("CPU, memory, disk, load and network of this machine"). */
    String doc();

    /**
     * Reads a metric's spelling of what to read (the value under {@code source: {<type>: ...}}) into the query its
     * {@link io.capstan.core.spi.SeriesRequest}s carry, reporting every problem at its line and column.
     *
     * @return the query, or null when anything was wrong (reported)
     */
    String query(Node spelling, Problems problems);

    /**
     * Reads the source's section {@code sources.<type>}.
     *
     * @param section the section, or null when the config has none
     * @param usedAt  the first metric spelling that uses this source, where a missing section is reported
     * @return the settings, or null when anything was wrong (reported in {@code problems})
     */
    Configured read(Node.Mapping section, Node usedAt, Problems problems);

    /** A section read without problems, ready to open. */
    @FunctionalInterface
    interface Configured {
        /** Opens the source; it answers {@link MetricSource#poll} until closed. */
        MetricSource open();
    }
}
