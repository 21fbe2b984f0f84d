package dev.dsmq.cli;

import java.io.InputStream;
import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The {@code dsmq} command: puts, gets and follows messages over the protocol port, and reads the server's state
 * from its HTTP side.
 */
@Command(name = "dsmq", mixinStandardHelpOptions = true, versionProvider = Dsmq.Version.class,
		description = "Talk to a dsmq server: put and get messages, follow a topic, measure it, see what it holds.",
		subcommands = { PutCommand.class, GetCommand.class, EchoCommand.class, HzCommand.class, TopicsCommand.class,
				HealthCommand.class, BenchCommand.class, CommandLine.HelpCommand.class },
		footerHeading = "%nEnvironment:%n",
		footer = { "  DSMQ_HOST, DSMQ_PORT   where the server listens (127.0.0.1, 30008)",
				"  DSMQ_HTTP_URL          its HTTP side, for topics and health (http://HOST:8080)",
				"  DSMQ_AUTH_TOKEN        the token to present; safer than --token",
				"", "Run 'dsmq COMMAND --help' for the options of a command." },
		exitCodeListHeading = "%nExit codes:%n",
		exitCodeList = { " 0:success", " 1:get found no message; health is not UP", " 2:bad usage",
				"69:the server cannot be reached, or the connection was lost",
				"70:the server refused a request or answered what the command cannot read",
				"74:standard input or a file named could not be read",
				"75:the server did not answer in time", "77:the server refused the token, or asks for one" })
public final class Dsmq {

	/** A get found no message; the server's health is not {@code UP}. */
	static final int EMPTY = 1;

	/** The server cannot be reached, or the connection was lost (sysexits' EX_UNAVAILABLE). */
	static final int UNAVAILABLE = 69;

	/** The server refused a request, or answered something unexpected (EX_SOFTWARE). */
	static final int PROTOCOL = 70;

	/** Standard input or a file named could not be read (EX_IOERR). */
	static final int IO_ERROR = 74;

	/** The server did not answer in time (EX_TEMPFAIL). */
	static final int TIMEOUT = 75;

	/** The server refused the token, or requires one (EX_NOPERM). */
	static final int NO_PERMISSION = 77;

	private final InputStream in;

	private Dsmq(InputStream in) {
		this.in = in;
	}

	public static void main(String[] args) {
		System.exit(commandLine(System.in).execute(args));
	}

	/**
	 * Return the command line, reading standard input from the given stream, with a failure of any command told
	 * as one line on its error stream and its exit code, never as a stack trace.
	 */
	static CommandLine commandLine(InputStream in) {
		CommandLine commandLine = new CommandLine(new Dsmq(in));
		commandLine.setExecutionExceptionHandler((ex, failed, parseResult) -> {
			Failure failure = Failure.of(ex);
			PrintWriter err = failed.getErr();
			err.println("dsmq: " + failure.message());
			err.flush();
			return failure.exitCode();
		});
		return commandLine;
	}

	InputStream in() {
		return this.in;
	}

	/**
	 * The version the jar was built as, from its manifest.
	 */
	static final class Version implements IVersionProvider {

		@Override
		public String[] getVersion() {
			String version = Dsmq.class.getPackage().getImplementationVersion();
			return new String[] { "dsmq " + ((version != null) ? version : "(unpackaged)"),
					"Java " + System.getProperty("java.version") };
		}

	}

}
