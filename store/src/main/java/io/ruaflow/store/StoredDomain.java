package io.ruaflow.store;

import java.time.LocalDate;

/**
 * A policy domain the store holds volume for, with the first and last UTC day its messages are counted on (the same
 * day basis as every range query), so an empty answer can say where the data is.
 */
public record StoredDomain(String domain, LocalDate firstDay, LocalDate lastDay) {}
