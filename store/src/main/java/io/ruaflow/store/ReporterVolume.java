package io.ruaflow.store;

/** How much of a domain's volume one reporter (org name) reported, and in how many reports. */
public record ReporterVolume(String orgName, long reports, long messages) {}
