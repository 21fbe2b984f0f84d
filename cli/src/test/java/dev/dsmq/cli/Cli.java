package dev.dsmq.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
	 * Start the command on a thread of its own, its output and errors readable while it runs.
	 */
	static Running start(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		CommandLine commandLine = Dsmq.commandLine(new ByteArrayInputStream(new byte[0]));
		commandLine.setOut(new PrintWriter(out, true));
		commandLine.setErr(new PrintWriter(err, true));
		CompletableFuture<Result> result = CompletableFuture
			.supplyAsync(() -> new Result(commandLine.execute(args), out.toString(), err.toString()));
		return new Running(out, err, result);
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
	 * A command running: what it has written so far, and what it did once it ends.
	 */
	record Running(StringWriter out, StringWriter err, CompletableFuture<Result> result) {

		String outSoFar() {
			return this.out.toString();
		}

		String errSoFar() {
			return this.err.toString();
		}

		Result join() {
			return this.result.orTimeout(60, TimeUnit.SECONDS).join();
		}

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
