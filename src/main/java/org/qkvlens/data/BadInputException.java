package org.qkvlens.data;

/**
 * A user's mistake in a file, a line or an option: the message alone tells them what to fix
 * (it names the file and line, or the option), so front ends print it without a stack trace
 * and exit with status 2. Programming errors are never wrapped in this.
 */
public final class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
