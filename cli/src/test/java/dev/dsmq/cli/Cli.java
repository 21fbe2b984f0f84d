package dev.dsmq.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.dsmq.test.EmbeddedDsmqServer;
import picocli.CommandLine;

/**
 * Runs the {@code dsmq} command in the test's JVM, as {@code main} does but with its output, errors and standard
 * input captured.
 */
final class Cli {

	private Cli() {
	}

	static Result run(String... args) {
		return runWithInput("", args);
	}

	static Result runWithInput(String input, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		CommandLine commandLine = Dsmq.commandLine(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
		commandLine.setOut(new PrintWriter(out, true));
		commandLine.setErr(new PrintWriter(err, true));
		int exitCode = commandLine.execute(args);
		return new Result(exitCode, out.toString(), err.toString());
	}

	/**
	 * Return the arguments of a command against the server's protocol port: {@code put --port N topic ...}.
	 */
	static String[] against(EmbeddedDsmqServer server, String command, String... args) {
		List<String> all = new ArrayList<>();
		all.add(command);
		all.add("--port=" + server.getPort());
		all.addAll(Arrays.asList(args));
		return all.toArray(String[]::new);
	}

	/**
	 * What one run of the command did.
	 */
	record Result(int exitCode, String out, String err) {

		List<String> lines() {
			return this.out.isEmpty() ? List.of() : List.of(this.out.split("\\R"));
		}

	}

}
