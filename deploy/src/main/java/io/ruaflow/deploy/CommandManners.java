package io.ruaflow.deploy;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * How every command reads dates and reports a command-line mistake: one line naming the command, the bad value and
 * what was expected, then where the help is; never an exception class name or the whole usage text.
 */
final class CommandManners {
    /** The form a date option takes, shown in every bad-date message. */
    static final String DATE_FORMAT = "YYYY-MM-DD, like 2026-11-01";

    private CommandManners() {}

    /** Reads a UTC day; a bad value names itself and the expected form. */
    static LocalDate date(String value) {
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a date (" + DATE_FORMAT + ")");
        }
    }

    /** Prints a usage mistake as one line and returns exit code 2 (picocli's usage-error code). */
    static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        String hint = name.equals("ruaflow") ? "ruaflow --help" : "ruaflow help " + name.substring("ruaflow ".length());
        StringBuilder line = new StringBuilder(name).append(": ").append(oneLine(e.getMessage()));
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched
                && !unmatched.getSuggestions().isEmpty()) {
            line.append(" (did you mean ")
                    .append(String.join(" or ", unmatched.getSuggestions()))
                    .append("?)");
        }
        line.append("; see ").append(hint);
        err.println(line);
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static String oneLine(String message) {
        return message == null ? "invalid command line" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
