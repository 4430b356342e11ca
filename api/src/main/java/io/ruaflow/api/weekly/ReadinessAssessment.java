package io.ruaflow.api.weekly;

import io.ruaflow.api.weekly.WeeklyReport.Readiness;
import io.ruaflow.api.weekly.WeeklyReport.Verdict;
import io.ruaflow.parser.PolicyPublished;
import io.ruaflow.store.DomainSummary;
import io.ruaflow.store.SourceRow;
import io.ruaflow.store.WeeklyData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a domain can take the next policy step (none → quarantine → reject, and pct up to 100). Spoofed
 * mail is what a stricter policy is for, so volume from sources classified unauthorized is left out: the question
 * is how much of the <em>legitimate</em> volume (everything else) is aligned.
 */
public final class ReadinessAssessment {
    /** Below this many messages in either week there is too little to judge. */
    public static final long MIN_WEEKLY_MESSAGES = 100;
    /** Share of legitimate volume that must be aligned this week before moving to p=quarantine. */
    public static final double MIN_ALIGNED_FOR_QUARANTINE = 0.98;
    /** Share of legitimate volume that must be aligned this week before moving to p=reject. */
    public static final double MIN_ALIGNED_FOR_REJECT = 0.995;
    /**
     * How far last week's DMARC pass rate may fall below this week's: a bigger gap means the fix is a few days old
     * and one more week should confirm it.
     */
    public static final double MAX_PREVIOUS_WEEK_SHORTFALL = 0.02;
    /** How many legitimate failing sources the reasons name. */
    static final int NAMED_SOURCES = 3;

    private ReadinessAssessment() {}

    static Readiness assess(WeeklyData data) {
        PolicyPublished policy = data.policy();
        DomainSummary now = data.thisWeek();
        DomainSummary before = data.previousWeek();
        if (policy == null || policy.p() == null) {
            return new Readiness(
                    Verdict.NOT_READY,
                    null,
                    "none",
                    "no published DMARC policy seen in reports: publish p=none with rua= first",
                    List.of("no report this week carried the domain's published policy"));
        }
        String p = policy.p().toLowerCase(Locale.ROOT);
        boolean partial = policy.pct() != null && policy.pct() < 100;
        String current = "p=" + p + (partial ? " pct=" + policy.pct() : "");
        String next;
        double required;
        if (partial && !p.equals("none")) {
            next = "p=" + p + " pct=100";
            required = p.equals("reject") ? MIN_ALIGNED_FOR_REJECT : MIN_ALIGNED_FOR_QUARANTINE;
        } else if (p.equals("none")) {
            next = "p=quarantine";
            required = MIN_ALIGNED_FOR_QUARANTINE;
        } else if (p.equals("quarantine")) {
            next = "p=reject";
            required = MIN_ALIGNED_FOR_REJECT;
        } else {
            return new Readiness(
                    Verdict.AT_STRICTEST,
                    current,
                    null,
                    "already at p=reject for all mail: nothing stricter to move to; keep watching failing sources",
                    List.of());
        }

        List<String> reasons = new ArrayList<>();
        if (now.messages() < MIN_WEEKLY_MESSAGES) {
            reasons.add("only " + Words.count(now.messages(), "message") + " this week; at least " + MIN_WEEKLY_MESSAGES
                    + " are needed to judge");
        }
        long previousMessages = before == null ? 0 : before.messages();
        if (previousMessages < MIN_WEEKLY_MESSAGES) {
            reasons.add("only " + Words.count(previousMessages, "message") + " last week; two weeks of at least "
                    + MIN_WEEKLY_MESSAGES
                    + " messages are needed to judge");
        }
        if (!reasons.isEmpty()) {
            return new Readiness(
                    Verdict.INSUFFICIENT_DATA,
                    current,
                    next,
                    "not enough data to judge a move to " + next + ": " + reasons.get(0),
                    reasons);
        }

        long unauthorizedFailing = 0;
        List<SourceRow> legitimateFailing = new ArrayList<>();
        for (SourceRow row : data.failingSources()) {
            if (row.dmarcFail() == 0) {
                continue;
            }
            if ("unauthorized".equalsIgnoreCase(row.classification())) {
                unauthorizedFailing += row.dmarcFail();
            } else {
                legitimateFailing.add(row);
            }
        }
        long legitimate = now.messages() - unauthorizedFailing;
        double aligned = legitimate <= 0 ? 0 : Math.min(1.0, (double) now.dmarcPass() / legitimate);
        double passNow = (double) now.dmarcPass() / now.messages();
        double passBefore = (double) before.dmarcPass() / previousMessages;

        if (aligned < required) {
            reasons.add(percent(aligned) + " of legitimate volume aligned this week; " + next + " needs at least "
                    + percent(required));
            legitimateFailing.sort(
                    Comparator.comparingLong(SourceRow::dmarcFail).reversed());
            for (SourceRow row : legitimateFailing.subList(0, Math.min(NAMED_SOURCES, legitimateFailing.size()))) {
                reasons.add(row.sourceIp() + (row.service() != null ? " (" + row.service() + ")" : "") + " sent "
                        + Words.count(row.dmarcFail(), "failing message") + ": "
                        + FailureReasons.explain(row, data.domain()));
            }
        }
        if (passBefore < passNow - MAX_PREVIOUS_WEEK_SHORTFALL) {
            reasons.add("DMARC pass rate rose from " + percent(passBefore) + " last week to " + percent(passNow)
                    + " this week; wait a week to confirm the improvement holds");
        }
        if (!reasons.isEmpty()) {
            return new Readiness(
                    Verdict.NOT_READY, current, next, "not ready for " + next + ": " + reasons.get(0), reasons);
        }
        String failingWords = legitimateFailing.isEmpty()
                ? (unauthorizedFailing == 0 ? "no failing volume" : "all failing volume unauthorized")
                : "remaining failing volume within the " + percent(1 - required) + " allowance";
        String summary = percent(aligned) + " of legitimate volume aligned, 2 weeks of data, " + failingWords
                + ": ready for " + next;
        List<String> why = new ArrayList<>();
        why.add(percent(aligned) + " of legitimate volume aligned this week (at least " + percent(required)
                + " needed for " + next + ")");
        why.add("last week: " + Words.count(previousMessages, "message") + ", " + percent(passBefore) + " DMARC pass");
        if (unauthorizedFailing > 0) {
            why.add(Words.count(unauthorizedFailing, "failing message") + " came from unauthorized sources, which "
                    + next + " is meant to stop");
        }
        return new Readiness(Verdict.READY, current, next, summary, why);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }
}
