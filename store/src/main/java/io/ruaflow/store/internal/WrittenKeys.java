package io.ruaflow.store.internal;

import java.util.List;

/**
 * What a store holds, per report uid, in a compact summary: the greatest record position written and whether its
 * report row is written. It tells whether a batch may replace stored rows: a batch whose records all lie beyond
 * their report's greatest position, and whose reports are not yet written, cannot, so its rows need no dedupe
 * delete. Report uids are kept as 64-bit hashes; a collision only makes the answer "may clash" more often, never
 * less. Not thread-safe.
 */
final class WrittenKeys {
    /** Positions at or above this are not summarized: a batch holding one always counts as a possible clash. */
    static final long MAX_POSITION = 1L << 60;

    private static final int REPORT_FLAG = 1;

    private long[] keys = new long[1024];
    private long[] values = new long[1024];
    private int size;

    /** Whether the batch's record rows or report rows (report_uid first, records' position second) may clash. */
    boolean mayClash(List<Object[]> records, List<Object[]> reports) {
        for (Object[] row : records) {
            long position = ((Number) row[1]).longValue();
            if (position < 0 || position >= MAX_POSITION) {
                return true;
            }
            if ((get(hash((String) row[0])) >>> 1) > position) {
                return true;
            }
        }
        for (Object[] row : reports) {
            if ((get(hash((String) row[0])) & REPORT_FLAG) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Records that a committed batch's rows are written. */
    void add(List<Object[]> records, List<Object[]> reports) {
        for (Object[] row : records) {
            addRecord((String) row[0], ((Number) row[1]).longValue());
        }
        for (Object[] row : reports) {
            addReport((String) row[0]);
        }
    }

    void addRecord(String reportUid, long position) {
        long p = Math.max(0, Math.min(position, MAX_POSITION - 1));
        long key = hash(reportUid);
        long value = get(key);
        long written = Math.max(value >>> 1, p + 1);
        put(key, (written << 1) | (value & REPORT_FLAG));
    }

    void addReport(String reportUid) {
        long key = hash(reportUid);
        put(key, get(key) | REPORT_FLAG);
    }

    int size() {
        return size;
    }

    private long get(long key) {
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return values[i];
            }
            if (keys[i] == 0) {
                return 0;
            }
        }
    }

    private void put(long key, long value) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            if (keys[i] == 0) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** FNV-1a over the characters, finished with a 64-bit mixer; never 0 (the empty slot). */
    static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93fe53ce4d3L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }
}
