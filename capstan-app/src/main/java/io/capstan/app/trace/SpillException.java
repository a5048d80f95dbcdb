package io.capstan.app.trace;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The temporary file a long trace is kept in could not be created, written or read back (a full
 * disk, an unwritable temporary directory): the message names the file, for the user to act on.
 */
public final class SpillException extends UncheckedIOException {
    SpillException(String message, Exception cause) {
        super(message, cause instanceof IOException io ? io : new IOException(cause));
    }
}
