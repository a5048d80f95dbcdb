package io.capstan.core.decide;

import io.capstan.core.signal.Aggregation;
import io.capstan.core.signal.Reading;
import io.capstan.core.signal.Readings;
import io.capstan.core.target.TargetSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The readings of one evaluation, each distinct read remembered as a {@link ReadingUsed}: what the decision
 * records, so that it can be replayed. A repeated read (the flapping guard re-reads what the policies read)
 * answers from the record: one evaluation sees one value per read. Reads are few per target (one per
 * condition), so a list scan beats hashing a composite key.
 */
final class RecordingReadings implements Readings {
    private final Readings inner;
    private final TargetSpec spec;
    private final List<ReadingUsed> used = new ArrayList<>(8);

    RecordingReadings(Readings inner, TargetSpec spec) {
        this.inner = inner;
        this.spec = spec;
    }

    @Override
    public Reading read(String metric, Aggregation aggregation, Duration window) {
        ReadingUsed seen = find(used, metric, aggregation, window);
        if (seen != null) return seen.reading();
        if (inner instanceof Replaying replay) {
            ReadingUsed u = replay.find(metric, aggregation, window);
            used.add(u);
            return u.reading();
        }
        int substitutedBefore = inner.substitutions().size();
        Reading r = inner.read(metric, aggregation, window);
        String onMissing = null;
        if (r instanceof Reading.Missing) {
            onMissing = spec.metric(metric).onMissing().describe();
        } else {
            List<String> substituted = inner.substitutions();
            if (substituted.size() > substitutedBefore) onMissing = substituted.get(substituted.size() - 1);
        }
        used.add(new ReadingUsed(metric, aggregation, window, r, onMissing));
        return r;
    }

    @Override
    public List<String> substitutions() {
        return inner.substitutions();
    }

    /** The read of (metric, aggregation, window) in {@code reads}, or null. */
    private static ReadingUsed find(List<ReadingUsed> reads, String metric, Aggregation aggregation, Duration window) {
        for (int i = 0, n = reads.size(); i < n; i++) {
            ReadingUsed u = reads.get(i);
            if (u.aggregation() == aggregation && u.metric().equals(metric) && u.window().equals(window)) return u;
        }
        return null;
    }

    List<ReadingUsed> used() {
        return used;
    }

    /** Readings that answer from a decision's record, as the live ones answered then. */
    static Readings replaying(List<ReadingUsed> recorded) {
        return new Replaying(recorded);
    }

    private static final class Replaying implements Readings {
        private final List<ReadingUsed> recorded;
        private final List<String> substitutions;

        Replaying(List<ReadingUsed> recorded) {
            this.recorded = recorded;
            List<String> subs = new ArrayList<>(0);
            for (ReadingUsed u : recorded) if (u.substituted()) subs.add(u.onMissing());
            this.substitutions = List.copyOf(subs);
        }

        ReadingUsed find(String metric, Aggregation aggregation, Duration window) {
            ReadingUsed u = RecordingReadings.find(recorded, metric, aggregation, window);
            if (u != null) return u;
            throw new IllegalArgumentException("the record has no reading of " + aggregation.id() + "(" + metric + ", " + window
                    + "): it was made for another spec");
        }

        @Override
        public Reading read(String metric, Aggregation aggregation, Duration window) {
            return find(metric, aggregation, window).reading();
        }

        @Override
        public List<String> substitutions() {
            return substitutions;
        }
    }
}
