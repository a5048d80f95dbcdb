-- Capstan's store, version 2: the downsampled history of every metric the live loop is fed (MetricHistory), what a
-- restarted predictive policy fits its model on and what capstan plan reads.
-- One row per target, metric and step as flushed: the count, sum, least and greatest value of the step's samples (sum
-- and count rather than a mean, so parts of one step merge exactly; the greatest value for the peaks a plan needs).
-- Insert-only: a step written twice (a sample that came after its step was flushed, a restart inside a step) has two
-- rows, merged when read; so a flush is one batched INSERT, with neither ON CONFLICT nor MERGE.
CREATE TABLE metric_history (
    target       VARCHAR(255) NOT NULL,
    metric       VARCHAR(255) NOT NULL,
    step_start   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    step_millis  BIGINT NOT NULL,
    sample_count BIGINT NOT NULL,
    value_sum    DOUBLE PRECISION NOT NULL,
    value_min    DOUBLE PRECISION NOT NULL,
    value_max    DOUBLE PRECISION NOT NULL,
    CONSTRAINT metric_history_has_samples CHECK (sample_count > 0 AND step_millis > 0)
);
-- Reading a range of one series.
CREATE INDEX metric_history_by_series ON metric_history (target, metric, step_start);
-- Retention.
CREATE INDEX metric_history_by_time ON metric_history (step_start);
