package io.capstan.core.spi;

/**
 * The store could not do what was asked: the database is unreachable, refused a write, or holds something this
 * version cannot read. The message is for the person running Capstan: it names the database (never its password) and
 * what to do.
 */
public class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
