package io.capstan.app.source.host;

import io.capstan.core.spi.MetricSource;
import io.capstan.core.spi.Poll;
import io.capstan.core.spi.Sample;
import io.capstan.core.spi.SeriesRequest;
import oshi.hardware.CentralProcessor.TickType;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the machine Capstan runs on. Levels (memory, disk, load) are read at each poll. CPU and network are rates over
 * the time between two polls: the first poll that asks for one only records where the counters stand and answers
 * nothing for it (no sample, no failure); each later poll answers for the interval since the previous one. One
 * reading per poll serves every target that asks for the same metric.
 */
final class HostSource implements MetricSource {
    private final Machine machine;
    private long[] lastTicks;
    private long[] lastBytes;
    private Instant lastBytesAt;

    HostSource() {
        this(new Machine.Oshi());
    }

    HostSource(Machine machine) {
        this.machine = machine;
    }

    /** A value or why there is none; neither when a rate has no interval yet. */
    private record Answer(double value, String failure) {
        static final Answer NONE = new Answer(Double.NaN, null);

        static Answer of(double value, String what) {
            return Double.isFinite(value) ? new Answer(value, null) : new Answer(Double.NaN, what + " is not a finite number: " + value);
        }

        static Answer failed(String why) {
            return new Answer(Double.NaN, why);
        }
    }

    @Override
    public synchronized Poll poll(List<SeriesRequest> requests, Instant now) {
        Map<String, Answer> answers = new HashMap<>();
        double[] rates = null;
        boolean networkRead = false;
        List<Sample> samples = new ArrayList<>();
        Map<SeriesRequest, String> failures = new HashMap<>();
        for (SeriesRequest r : requests) {
            Answer a = answers.get(r.query());
            if (a == null) {
                if (r.query().startsWith(HostMetric.NETWORK_PREFIX) && !networkRead) {
                    rates = networkRates(now);
                    networkRead = true;
                }
                a = read(r.query(), rates);
                answers.put(r.query(), a);
            }
            if (a.failure() != null) failures.put(r, a.failure());
            else if (!Double.isNaN(a.value())) samples.add(new Sample(r.target(), r.metric(), now, a.value()));
        }
        return new Poll(samples, failures);
    }

    private Answer read(String query, double[] rates) {
        try {
            return switch (query) {
                case HostMetric.CPU -> cpu();
                case HostMetric.MEMORY -> memory();
                case HostMetric.LOAD1 -> load(0);
                case HostMetric.LOAD5 -> load(1);
                case HostMetric.LOAD15 -> load(2);
                case HostMetric.NETWORK_IN -> rate(rates, 0);
                case HostMetric.NETWORK_OUT -> rate(rates, 1);
                default -> query.startsWith(HostMetric.DISK_PREFIX) ? disk(query.substring(HostMetric.DISK_PREFIX.length()))
                        : Answer.failed("unknown host metric '" + query + "'");
            };
        } catch (RuntimeException e) {
            // OSHI reads /proc and native calls; a machine that refuses one is no data for that metric, not a crash.
            return Answer.failed("cannot read " + query + " of this machine: " + e);
        }
    }

    /**
     * Percent of the time of all logical CPUs that was busy (neither idle nor waiting for I/O) since the previous
     * poll that read cpu. The OS counts CPU time in ticks (1/100 s on Linux), so an interval with no tick counted
     * answers nothing and the next poll covers the longer interval.
     */
    private Answer cpu() {
        long[] ticks = machine.cpuTicks();
        long[] previous = lastTicks;
        if (previous == null) {
            lastTicks = ticks;
            return Answer.NONE;
        }
        long total = 0;
        for (int i = 0; i < ticks.length; i++) total += ticks[i] - previous[i];
        long idle = ticks[TickType.IDLE.getIndex()] - previous[TickType.IDLE.getIndex()]
                + ticks[TickType.IOWAIT.getIndex()] - previous[TickType.IOWAIT.getIndex()];
        if (total <= 0 || idle < 0 || idle > total) {
            // No tick yet, or counters that went back (a suspended VM): start a new interval from here.
            if (total < 0 || idle < 0 || idle > total) lastTicks = ticks;
            return Answer.NONE;
        }
        lastTicks = ticks;
        return Answer.of(100.0 * (total - idle) / total, "cpu");
    }

    /** Percent of physical memory in use: total minus available (what can be given to programs without swapping). */
    private Answer memory() {
        long[] m = machine.memory();
        if (m[0] <= 0) return Answer.failed("the OS reports no physical memory");
        return Answer.of(100.0 * (m[0] - m[1]) / m[0], "memory");
    }

    private Answer load(int index) {
        double[] l = machine.load();
        if (l.length <= index || l[index] < 0) return Answer.failed("this OS does not report load averages");
        return Answer.of(l[index], "load");
    }

    /**
     * Percent of the file system holding {@code path} that is used, as {@code df} shows it: used over used plus what
     * unprivileged users can still write (the blocks reserved for root count as neither).
     */
    private Answer disk(String path) {
        long[] d;
        try {
            d = machine.disk(Path.of(path));
        } catch (NoSuchFileException e) {
            return Answer.failed("disk:" + path + ": no such file or directory");
        } catch (IOException e) {
            return Answer.failed("cannot read the file system of " + path + ": " + e.getMessage());
        }
        long used = d[0] - d[1];
        long size = used + d[2];
        if (size <= 0) return Answer.failed("the file system of " + path + " reports no size");
        return Answer.of(100.0 * used / size, "disk:" + path);
    }

    /**
     * Bytes per second received and sent since the previous poll that read the network, or null when there is no
     * interval: the first reading, a clock that did not move, or counters that went back (an interface removed).
     */
    private double[] networkRates(Instant now) {
        long[] bytes = machine.networkBytes();
        long[] previous = lastBytes;
        Instant previousAt = lastBytesAt;
        boolean forward = previousAt == null || now.isAfter(previousAt);
        if (forward) {
            lastBytes = bytes;
            lastBytesAt = now;
        }
        if (previous == null || !forward || bytes[0] < previous[0] || bytes[1] < previous[1]) return null;
        double seconds = Duration.between(previousAt, now).toNanos() / 1e9;
        return new double[] {(bytes[0] - previous[0]) / seconds, (bytes[1] - previous[1]) / seconds};
    }

    private static Answer rate(double[] rates, int index) {
        return rates == null ? Answer.NONE : Answer.of(rates[index], "network rate");
    }

    @Override
    public void close() {
        // Nothing is held open: OSHI reads /proc (or the OS's calls) at each poll.
    }
}
