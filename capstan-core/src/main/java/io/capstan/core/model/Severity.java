package io.capstan.core.model;

/** How urgent a rule is; the runbooks' warning and critical bands. */
public enum Severity {
    INFO, WARNING, CRITICAL
}
