package io.ruaflow.deploy;

/** The {@code ruaflow} executable. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(RuaflowCommand.commandLine(args).execute(args));
    }
}
