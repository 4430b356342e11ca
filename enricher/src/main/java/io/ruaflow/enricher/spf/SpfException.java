package io.ruaflow.enricher.spf;

/** Ends a check_host early with temperror or permerror. */
final class SpfException extends Exception {
    private final String result;

    private SpfException(String result, String message) {
        super(message, null, false, false);
        this.result = result;
    }

    static SpfException perm(String message) {
        return new SpfException(SpfEvaluator.PERMERROR, message);
    }

    static SpfException temp(String message) {
        return new SpfException(SpfEvaluator.TEMPERROR, message);
    }

    String result() {
        return result;
    }
}
