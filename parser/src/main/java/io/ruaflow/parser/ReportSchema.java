package io.ruaflow.parser;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which aggregate report schema a document follows; see STANDARDS.md for how it is detected. */
public enum ReportSchema {
    /** RFC 7489 Appendix C. */
    RFC7489("rfc7489"),
    /** RFC 9990 (DMARCbis): 2.0 namespace, or any of np, testing, discovery_method, generator. */
    RFC9990("rfc9990"),
    /** Pre-RFC drafts: no version and none of the RFC 9990 markers, or an explicit draft version. */
    DRAFT("draft");

    private final String wireName;

    ReportSchema(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
