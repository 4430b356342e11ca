package io.ruaflow.deploy;

import io.ruaflow.store.AlertState;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.StoreLockedException;
import io.ruaflow.store.StoreNotFoundException;
import io.ruaflow.store.StoreUnavailableException;
import java.io.PrintWriter;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "alerts",
        mixinStandardHelpOptions = true,
        description = {
            "List the alerts the sinks fired (as GET /api/alerts does), newest first, with each channel's latest"
                    + " delivery outcome.",
            "Alerts are evaluated by ruaflow run and ruaflow sink; see the alerts.* keys in ruaflow config."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed (maybe none)", "1:the store cannot be read", "2:invalid command line"})
final class AlertsCommand implements Callable<Integer> {
    @Option(names = "--domain", paramLabel = "DOMAIN", description = "Only alerts about this policy domain.")
    String domain;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "50",
            description = "At most N alerts, 1.." + AlertState.MAX_ALERTS + " (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--csv", description = "CSV instead of a table.")
    boolean csv;

    @Mixin
    StoreOptions store;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (limit < 1 || limit > AlertState.MAX_ALERTS) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--limit must be between 1 and " + AlertState.MAX_ALERTS + ": " + limit);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ReportStore reportStore = store.openExisting()) {
            TextTable table = TextTable.of("fired_at", "kind", "domain", "summary", "delivered");
            for (AlertState.StoredAlert alert : reportStore.alerts(domain, limit)) {
                StringJoiner deliveries = new StringJoiner(", ");
                for (AlertState.AlertDelivery d : alert.deliveries()) {
                    deliveries.add(d.channel() + " " + d.outcome() + " (" + d.attempts() + ")");
                }
                table.add(alert.firedAt(), alert.kind(), alert.domain(), alert.summary(), deliveries.toString());
            }
            if (csv) {
                table.printCsv(out);
            } else if (table.rows().isEmpty()) {
                out.println("No alerts fired" + (domain == null ? "" : " for " + domain) + ".");
            } else {
                table.printTable(out);
            }
            out.flush();
            return 0;
        } catch (StoreNotFoundException | StoreLockedException | StoreUnavailableException | IllegalStateException e) {
            spec.commandLine().getErr().println("ruaflow alerts: " + e.getMessage());
            return 1;
        }
    }
}
