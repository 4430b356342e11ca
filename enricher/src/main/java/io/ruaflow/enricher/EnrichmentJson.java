package io.ruaflow.enricher;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.ruaflow.parser.IsoInstants;
import io.ruaflow.parser.JsonFields;
import io.ruaflow.parser.ReportJson;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * An {@link Enrichment} written and read field by field, as {@link ReportJson#mapper()} writes and reads it (the
 * same keys, order and nulls; a DKIM key check's {@code problem} is written and ignored on read). The records topic
 * carries one per record: through the mapper's bean path, reading them was half of a Kafka sink's CPU.
 */
public final class EnrichmentJson {
    private EnrichmentJson() {}

    public static void write(JsonGenerator json, Enrichment e) throws IOException {
        if (e == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeStringField("header_from_org_domain", e.headerFromOrgDomain());
        json.writeStringField("spf_domain", e.spfDomain());
        json.writeBooleanField("spf_aligned", e.spfAligned());
        json.writeBooleanField("dkim_aligned", e.dkimAligned());
        json.writeBooleanField("dmarc_pass", e.dmarcPass());
        json.writeBooleanField("differs_from_reporter", e.differsFromReporter());
        json.writeStringField("fresh_spf_result", e.freshSpfResult());
        json.writeStringField("fresh_spf_mechanism", e.freshSpfMechanism());
        json.writeArrayFieldStart("dkim_keys");
        for (DkimKeyCheck key : e.dkimKeys()) {
            json.writeStartObject();
            json.writeStringField("domain", key.domain());
            json.writeStringField("selector", key.selector());
            json.writeStringField(
                    "status", key.status() == null ? null : key.status().wireName());
            json.writeStringField("key_type", key.keyType());
            ReportJson.writeNumberField(json, "key_bits", key.keyBits());
            json.writeBooleanField("testing", key.testing());
            json.writeBooleanField("problem", key.isProblem());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeStringField("ptr_name", e.ptrName());
        json.writeFieldName("ptr_confirmed");
        if (e.ptrConfirmed() == null) {
            json.writeNull();
        } else {
            json.writeBoolean(e.ptrConfirmed());
        }
        json.writeStringField("ptr_base_domain", e.ptrBaseDomain());
        json.writeStringField("service", e.service());
        json.writeStringField("service_type", e.serviceType());
        json.writeStringField(
                "classification",
                e.classification() == null ? null : e.classification().wireName());
        json.writeStringField(
                "checked_at", e.checkedAt() == null ? null : e.checkedAt().toString());
        json.writeStringField(
                "org_domain_method",
                e.orgDomainMethod() == null ? null : e.orgDomainMethod().wireName());
        json.writeEndObject();
    }

    /** Reads what {@link #write} writes, the value the parser's current token starts; null for a JSON null. */
    public static Enrichment read(JsonParser json) throws IOException {
        Fields f = new Fields();
        if (!JsonFields.object(json, f)) {
            return null;
        }
        return new Enrichment(
                f.headerFromOrgDomain,
                f.spfDomain,
                f.spfAligned,
                f.dkimAligned,
                f.dmarcPass,
                f.differsFromReporter,
                f.freshSpfResult,
                f.freshSpfMechanism,
                f.dkimKeys,
                f.ptrName,
                f.ptrConfirmed,
                f.ptrBaseDomain,
                f.service,
                f.serviceType,
                f.classification,
                f.checkedAt,
                f.orgDomainMethod);
    }

    private static final class Fields implements JsonFields.FieldReader {
        String headerFromOrgDomain, spfDomain, freshSpfResult, freshSpfMechanism, ptrName, ptrBaseDomain;
        String service, serviceType;
        boolean spfAligned, dkimAligned, dmarcPass, differsFromReporter;
        Boolean ptrConfirmed;
        List<DkimKeyCheck> dkimKeys;
        Classification classification;
        Instant checkedAt;
        OrgDomainMethod orgDomainMethod;

        @Override
        public void read(String key, JsonParser json) throws IOException {
            switch (key) {
                case "header_from_org_domain" -> headerFromOrgDomain = JsonFields.text(json);
                case "spf_domain" -> spfDomain = JsonFields.text(json);
                case "spf_aligned" -> spfAligned = JsonFields.bool(json);
                case "dkim_aligned" -> dkimAligned = JsonFields.bool(json);
                case "dmarc_pass" -> dmarcPass = JsonFields.bool(json);
                case "differs_from_reporter" -> differsFromReporter = JsonFields.bool(json);
                case "fresh_spf_result" -> freshSpfResult = JsonFields.text(json);
                case "fresh_spf_mechanism" -> freshSpfMechanism = JsonFields.text(json);
                case "dkim_keys" -> dkimKeys = JsonFields.list(json, EnrichmentJson::readKey);
                case "ptr_name" -> ptrName = JsonFields.text(json);
                case "ptr_confirmed" -> ptrConfirmed = JsonFields.optBool(json);
                case "ptr_base_domain" -> ptrBaseDomain = JsonFields.text(json);
                case "service" -> service = JsonFields.text(json);
                case "service_type" -> serviceType = JsonFields.text(json);
                case "classification" -> classification =
                        wire(Classification.values(), Classification::wireName, key, JsonFields.text(json));
                case "checked_at" -> checkedAt = instant(JsonFields.text(json));
                case "org_domain_method" -> orgDomainMethod =
                        wire(OrgDomainMethod.values(), OrgDomainMethod::wireName, key, JsonFields.text(json));
                default -> json.skipChildren();
            }
        }
    }

    private static DkimKeyCheck readKey(JsonParser json) throws IOException {
        Object[] v = new Object[6];
        boolean present = JsonFields.object(json, (key, value) -> {
            switch (key) {
                case "domain" -> v[0] = JsonFields.text(value);
                case "selector" -> v[1] = JsonFields.text(value);
                case "status" -> v[2] =
                        wire(DkimKeyStatus.values(), DkimKeyStatus::wireName, key, JsonFields.text(value));
                case "key_type" -> v[3] = JsonFields.text(value);
                case "key_bits" -> v[4] = JsonFields.optInt(value);
                case "testing" -> v[5] = JsonFields.bool(value);
                default -> value.skipChildren(); // problem: derived from the others
            }
        });
        return present
                ? new DkimKeyCheck(
                        (String) v[0],
                        (String) v[1],
                        (DkimKeyStatus) v[2],
                        (String) v[3],
                        (Integer) v[4],
                        Boolean.TRUE.equals(v[5]))
                : null;
    }

    private static <E> E wire(E[] values, java.util.function.Function<E, String> name, String key, String text) {
        if (text == null) {
            return null;
        }
        for (E value : values) {
            if (name.apply(value).equals(text)) {
                return value;
            }
        }
        throw new IllegalArgumentException(key + ": unknown value '" + text + "'");
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return IsoInstants.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("checked_at: '" + text + "' is not an ISO-8601 instant");
        }
    }
}
