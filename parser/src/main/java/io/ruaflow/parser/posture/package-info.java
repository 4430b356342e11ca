/**
 * What a domain's published records say, as values: {@link io.ruaflow.parser.posture.DomainPosture}, its
 * {@link io.ruaflow.parser.posture.Finding}s and the live {@link io.ruaflow.parser.posture.MtaStsState}. The
 * enricher's checks produce them from DNS; the API, the weekly report, alerts and {@code ruaflow posture} show them
 * as they are. They live beside the report models so that every module reads one type and one JSON shape, without
 * the API depending on the DNS code.
 */
package io.ruaflow.parser.posture;
