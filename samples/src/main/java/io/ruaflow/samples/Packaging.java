package io.ruaflow.samples;

/** How a report file is delivered. */
public enum Packaging {
    /** Plain XML, {@code .xml}. */
    XML,
    /** Gzipped XML, {@code .xml.gz}. */
    GZIP,
    /** A zip holding one {@code .xml}, {@code .zip}. */
    ZIP,
    /** An RFC 5322 message with the reporter's zip or gzip attached in base64, {@code .eml}. */
    EML
}
