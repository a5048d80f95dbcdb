package io.capstan.app.tune;

/** A candidate's totals over all targets on one part of the history. */
record Score(double replicaHours, double underProvisionedMinutes) {}
