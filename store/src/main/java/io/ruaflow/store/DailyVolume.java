package io.ruaflow.store;

import java.time.LocalDate;

/** One UTC day of a domain's volume, split by the re-computed DMARC verdict. */
public record DailyVolume(LocalDate day, long messages, long dmarcPass, long dmarcFail) {}
