package dev.dsmq.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnknownHostException;

import javax.net.ssl.SSLException;

import dev.dsmq.client.DsmqConnectionException;
import dev.dsmq.client.DsmqException;
import dev.dsmq.client.DsmqProtocolException;
import dev.dsmq.client.DsmqRefusedException;
import dev.dsmq.client.DsmqTimeoutException;
import picocli.CommandLine;

/**
 * What a failed command tells its caller: one line for the error stream, and an exit code a script can test.
 * @param exitCode the process's exit code
 * @param message what failed, without the {@code dsmq: } prefix
 */
record Failure(int exitCode, String message) {

	/** The server's reason when a request came before the token it asks for. */
	private static final String TOKEN_REQUIRED = "authentication required";

	/** How the client says that the server refused its token. */
	private static final String TOKEN_REFUSED = "the server refused the token: ";

	static Failure of(Throwable ex) {
		if (ex instanceof CliException cli) {
			return new Failure(cli.exitCode(), cli.getMessage());
		}
		if (ex instanceof DsmqTimeoutException) {
			return new Failure(Dsmq.TIMEOUT, ex.getMessage());
		}
		if (ex instanceof DsmqRefusedException) {
			return new Failure(Dsmq.PROTOCOL, ex.getMessage());
		}
		if (ex instanceof DsmqConnectionException connection) {
			return ofConnection(connection);
		}
		if (ex instanceof DsmqException) {
			return new Failure(Dsmq.PROTOCOL, ex.getMessage());
		}
		if (ex instanceof IllegalArgumentException) {
			return new Failure(CommandLine.ExitCode.USAGE, ex.getMessage());
		}
		if (ex instanceof UncheckedIOException || ex instanceof IOException) {
			return new Failure(Dsmq.IO_ERROR, "cannot read the input: " + rootMessage(ex));
		}
		return new Failure(Dsmq.PROTOCOL, "unexpected failure: " + ex);
	}

	/**
	 * Tell a failed connect, with the address the command was connecting to.
	 */
	static CliException connecting(String address, DsmqException ex) {
		String text = String.valueOf(ex.getMessage());
		int refused = text.indexOf(TOKEN_REFUSED);
		if (refused >= 0) {
			return new CliException(Dsmq.NO_PERMISSION,
					address + " refused the token: " + text.substring(refused + TOKEN_REFUSED.length()));
		}
		if (!(ex instanceof DsmqConnectionException)) {
			return new CliException(Dsmq.PROTOCOL, text);
		}
		Throwable root = root(ex);
		if (root instanceof UnknownHostException) {
			return new CliException(Dsmq.UNAVAILABLE, "cannot connect to " + address + ": unknown host");
		}
		if (hasCause(ex, SSLException.class)) {
			return new CliException(Dsmq.UNAVAILABLE,
					"cannot connect to " + address + ": the TLS handshake failed: " + root.getMessage());
		}
		if (root != ex) {
			return new CliException(Dsmq.UNAVAILABLE, "cannot connect to " + address + ": " + root.getMessage());
		}
		return new CliException(Dsmq.UNAVAILABLE, text);
	}

	private static Failure ofConnection(DsmqConnectionException ex) {
		String text = String.valueOf(ex.getMessage());
		if (text.contains(TOKEN_REQUIRED)) {
			// the server's error frame before it closed the connection, for a request sent without the token
			return new Failure(Dsmq.NO_PERMISSION,
					"the server requires a token: set DSMQ_AUTH_TOKEN or give --token");
		}
		if (text.contains(TOKEN_REFUSED)) {
			// a connection opened again, by a command that follows a topic, whose token the server no longer takes
			return new Failure(Dsmq.NO_PERMISSION, text);
		}
		if (ex instanceof DsmqProtocolException) {
			return new Failure(Dsmq.PROTOCOL, text);
		}
		return new Failure(Dsmq.UNAVAILABLE, text);
	}

	private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	private static Throwable root(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root;
	}

	static String rootMessage(Throwable ex) {
		Throwable root = root(ex);
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

}
