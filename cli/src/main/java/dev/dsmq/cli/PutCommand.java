package dev.dsmq.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.dsmq.client.DsmqClient;
import dev.dsmq.client.PutOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code dsmq put}: acknowledged puts, of one message or of every line of standard input.
 */
@Command(name = "put", sortOptions = false,
		description = { "Put a message on a topic; print its sequence number once stored.",
				"With - as MESSAGE, put every line of standard input as a message of its own (empty lines are "
						+ "skipped), pipelined, and print their numbers in order; with --whole, all of standard "
						+ "input as one message." })
final class PutCommand implements Callable<Integer> {

	/** How many puts of standard input's lines may wait for their acknowledgement at once. */
	private static final int IN_FLIGHT = 256;

	@Spec
	CommandSpec spec;

	@ParentCommand
	Dsmq dsmq;

	@Parameters(index = "0", paramLabel = "TOPIC", description = "The topic to put to.")
	String topic;

	@Parameters(index = "1", paramLabel = "MESSAGE", description = "The message, or - to read standard input.")
	String message;

	@Option(names = "--whole", description = "With -, put all of standard input, byte for byte, as one message.")
	boolean whole;

	@Option(names = "--json", description = "Put the message (each line, with -) as the JSON value it is, "
			+ "an object, a number, ..., rather than as a string.")
	boolean json;

	@Option(names = "--header", paramLabel = "NAME=VALUE",
			description = "A header to keep with the message, such as traceparent=...; repeatable.")
	Map<String, String> headers = new LinkedHashMap<>();

	@Mixin
	ProtocolOptions connection;

	@Mixin
	HelpOption help;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		boolean fromInput = this.message.equals("-");
		if (this.whole && !fromInput) {
			throw new CliException(picocli.CommandLine.ExitCode.USAGE, "--whole goes with - as the message");
		}
		PutOptions options = PutOptions.none().withHeaders(this.headers);
		try (DsmqClient client = this.connection.connect()) {
			if (!fromInput) {
				out.println(client.put(this.topic, value(this.message), options));
			}
			else if (this.whole) {
				out.println(client.put(this.topic, value(readAll()), options));
			}
			else {
				putLines(client, options, out);
			}
		}
		out.flush();
		return 0;
	}

	private void putLines(DsmqClient client, PutOptions options, PrintWriter out) {
		Deque<CompletableFuture<Long>> inFlight = new ArrayDeque<>();
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(this.dsmq.in(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.isEmpty()) {
					continue;
				}
				inFlight.add(client.putAsync(this.topic, value(line), options));
				if (inFlight.size() >= IN_FLIGHT) {
					out.println(acknowledged(inFlight.remove()));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		while (!inFlight.isEmpty()) {
			out.println(acknowledged(inFlight.remove()));
		}
	}

	private static long acknowledged(CompletableFuture<Long> put) {
		try {
			return put.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

	private String readAll() {
		try {
			return new String(this.dsmq.in().readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private JsonNode value(String text) {
		return this.json ? Json.parse(text) : JsonNodeFactory.instance.stringNode(text);
	}

}
