package io.ruaflow.store;

import java.time.LocalDate;

/**
 * One UTC day of a domain's volume, split by the re-computed DMARC verdict, with the messages whose SPF and whose
 * DKIM identifier aligned with the header From domain.
 */
public record DailyVolume(
        LocalDate day, long messages, long dmarcPass, long dmarcFail, long spfAligned, long dkimAligned) {}
