package io.ruaflow.deploy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.TreeMap;

/** Counter helpers for roles: a one-line summary, and waiting until no counter moves. */
final class Quiet {
    private Quiet() {}

    static String summary(MeterRegistry meters) {
        Map<String, Double> totals = new TreeMap<>();
        for (Meter meter : meters.getMeters()) {
            if (meter instanceof Counter counter) {
                String name = meter.getId().getName();
                String outcome = meter.getId().getTag("outcome");
                totals.merge(outcome == null ? name : name + "." + outcome, counter.count(), Double::sum);
            }
        }
        StringBuilder out = new StringBuilder();
        totals.forEach((name, value) -> out.append(out.length() == 0 ? "" : ", ")
                .append(name)
                .append('=')
                .append(value.longValue()));
        return out.toString();
    }

    /** Waits until no counter changed for {@code quietMillis}. */
    static void awaitQuiet(MeterRegistry meters, long quietMillis) throws InterruptedException {
        String last = summary(meters);
        long since = System.currentTimeMillis();
        while (System.currentTimeMillis() - since < quietMillis) {
            Thread.sleep(200);
            String now = summary(meters);
            if (!now.equals(last)) {
                last = now;
                since = System.currentTimeMillis();
            }
        }
    }
}
