package io.ruaflow.deploy;

import io.ruaflow.enricher.DnsSettings;
import io.ruaflow.enricher.SpfChecker;
import io.ruaflow.enricher.SpfResult;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ruaflow spf}: an RFC 7208 check_host from the command line. */
@Command(
        name = "spf",
        mixinStandardHelpOptions = true,
        description = {
            "Check whether IP may send mail for the MAIL FROM domain (RFC 7208 check_host, live DNS).",
            "Prints the result word (pass, fail, softfail, neutral, none, temperror, permerror) and the term that"
                    + " decided it, then any include/redirect domains and the reason for an error."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the check ran (whatever its result)", "2:invalid command line"})
final class SpfCommand implements Callable<Integer> {
    @Option(names = "--ip", required = true, description = "The connecting IP address (IPv4 or IPv6).")
    String ip;

    @Option(
            names = "--mail-from",
            required = true,
            description = "The MAIL FROM address or domain; empty (\"\") for a null reverse path, then the HELO"
                    + " name is checked.")
    String mailFrom;

    @Option(names = "--helo", description = "The HELO/EHLO name (used by %{h} and for a null reverse path).")
    String helo;

    @Option(
            names = "--dns",
            paramLabel = "HOST:PORT",
            description = "Ask this DNS server instead of the system's resolvers, e.g. 127.0.0.1:5353.")
    String dns;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DnsSettings settings;
        try {
            settings = dns == null
                    ? DnsSettings.systemDefault()
                    : DnsSettings.systemDefault().withServer(dns);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--dns: " + e.getMessage());
        }
        if (mailFrom.isEmpty() && (helo == null || helo.isEmpty())) {
            throw new ParameterException(spec.commandLine(), "an empty --mail-from needs --helo");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (SpfChecker checker = SpfChecker.withDns(settings)) {
            SpfResult result;
            try {
                result = checker.check(ip, null, mailFrom, helo);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--ip: " + e.getMessage());
            }
            out.println(result.result() + (result.mechanism() == null ? "" : " " + result.mechanism()));
            if (!result.includes().isEmpty()) {
                out.println("via: " + String.join(" ", result.includes()));
            }
            if (result.explanation() != null) {
                out.println("explanation: " + result.explanation());
            }
            if (result.problem() != null) {
                out.println("problem: " + result.problem());
            }
        }
        out.flush();
        return 0;
    }
}
