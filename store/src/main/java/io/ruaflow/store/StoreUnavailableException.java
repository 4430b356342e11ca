package io.ruaflow.store;

/** The store could not be reached or refused the write for a reason that may pass; the caller retries. */
public class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
