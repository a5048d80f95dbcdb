package io.capstan.core.spi;

import java.util.List;

/** Where sources that deliver on their own (pushed samples, remote-write) put what they receive. */
@FunctionalInterface
public interface SampleSink {

    /** Takes samples; returns how many were accepted (a sample for an unknown target or metric is not). */
    int accept(List<Sample> samples);
}
