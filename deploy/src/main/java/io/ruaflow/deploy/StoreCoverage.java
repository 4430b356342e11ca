package io.ruaflow.deploy;

import io.ruaflow.store.DateRange;
import io.ruaflow.store.StoredDomain;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the store holds, said when an answer would otherwise be a silent zero: the known domains when the one asked
 * for is not among them, the stored days when the asked range holds nothing.
 */
final class StoreCoverage {
    /** How many known domains an unknown-domain error lists before it says how many more there are. */
    static final int MAX_LISTED_DOMAINS = 20;

    private final List<StoredDomain> stored;

    StoreCoverage(List<StoredDomain> stored) {
        this.stored = List.copyOf(stored);
    }

    /** The domain as the store keys it: trimmed, lower case. */
    static String key(String domain) {
        return domain.trim().toLowerCase(Locale.ROOT);
    }

    boolean knows(String domain) {
        return find(key(domain)).isPresent();
    }

    /** Names the unknown domain, the store, and the domains it does hold (or that it holds none). */
    String unknownDomain(String domain, String store) {
        String start = "no reports for domain " + key(domain) + " in " + store;
        if (stored.isEmpty()) {
            return start + "; the store holds no reports yet (ruaflow import PATH, or ruaflow run --dir PATH)";
        }
        List<String> names = stored.stream().map(StoredDomain::domain).toList();
        String listed = String.join(", ", names.subList(0, Math.min(names.size(), MAX_LISTED_DOMAINS)));
        int more = names.size() - MAX_LISTED_DOMAINS;
        return start + "; known domains: " + listed
                + (more > 0 ? " and " + more + " more (ruaflow query domains)" : "");
    }

    /**
     * Says that {@code what} is empty for the asked range, and which days the store holds for {@code domain} (all
     * domains when null), with the flags that ask for them.
     */
    String emptyAnswer(String what, String domain, DateRange asked) {
        String subject = domain == null ? what : what + " for " + key(domain);
        String start = "no " + subject + " between " + asked.from() + " and " + asked.to();
        List<StoredDomain> relevant =
                domain == null ? stored : find(key(domain)).map(List::of).orElse(List.of());
        if (relevant.isEmpty()) {
            return start + "; the store holds no reports" + (domain == null ? "" : " for " + key(domain)) + " yet";
        }
        LocalDate first = relevant.stream()
                .map(StoredDomain::firstDay)
                .min(LocalDate::compareTo)
                .orElseThrow();
        LocalDate last = relevant.stream()
                .map(StoredDomain::lastDay)
                .max(LocalDate::compareTo)
                .orElseThrow();
        return start + "; the store holds " + (domain == null ? "reports" : key(domain)) + " from " + first + " to "
                + last + " (--from " + first + " --to " + last + ")";
    }

    private Optional<StoredDomain> find(String key) {
        return stored.stream().filter(d -> d.domain().equals(key)).findFirst();
    }
}
