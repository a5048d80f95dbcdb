package io.capstan.core.spi;

/** What {@link DecisionStore#purge} removed. Attempts and finished actions go with their decisions. */
public record Purged(int decisions, int manualActions) {}
