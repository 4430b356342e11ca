package io.ruaflow.store;

import java.util.List;

/**
 * A page of a domain's sources and how many match the query in all ({@link Analytics#sources} and
 * {@link Analytics#sourceCount} together), so a cut list can say what it left out.
 */
public record SourcePage(List<SourceRow> rows, long total) {
    public SourcePage {
        rows = List.copyOf(rows);
        if (total < rows.size()) {
            throw new IllegalArgumentException(
                    "a page of " + rows.size() + " sources cannot have " + total + " in all");
        }
    }
}
