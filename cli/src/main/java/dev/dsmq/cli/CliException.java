package dev.dsmq.cli;

/**
 * A command failed in a way it can name: the message is the one line the user sees, the exit code what a script
 * tests.
 */
final class CliException extends RuntimeException {

	private final int exitCode;

	CliException(int exitCode, String message) {
		super(message, null, false, false);
		this.exitCode = exitCode;
	}

	int exitCode() {
		return this.exitCode;
	}

}
