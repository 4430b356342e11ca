package io.ruaflow.parser.internal;

/** Carries an exception thrown by the caller's handler past the decoding layers, to be rethrown unchanged. */
final class HandlerFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HandlerFailed(RuntimeException cause) {
        super(cause);
    }

    RuntimeException original() {
        return (RuntimeException) getCause();
    }
}
