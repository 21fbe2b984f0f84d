package dev.dsmq.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.dsmq.client.DsmqClient;
import dev.dsmq.client.ReadOptions;
import dev.dsmq.client.ReceivedMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dsmq get}: one broadcast read, its exit code telling whether it found a message.
 */
@Command(name = "get", sortOptions = false,
		description = { "Read one message of a topic and print it; exit 1 if there is none.",
				"Each run is a new connection, which reads only what is put after it connected: "
						+ "--after 0 reads from the oldest message the server holds, --wait waits for the next "
						+ "one put." })
final class GetCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Parameters(index = "0", paramLabel = "TOPIC", description = "The topic to read.")
	String topic;

	@Option(names = "--after", paramLabel = "SEQ", converter = SequenceNumber.class,
			description = "Read the first message after this sequence number; 0 for the oldest held.")
	Long after;

	@Option(names = "--latest", description = "Read the newest message instead of the oldest (get_latest).")
	boolean latest;

	@Option(names = "--wait", paramLabel = "SECONDS", converter = Seconds.class, defaultValue = "0",
			description = "While there is none, wait up to this long for a message to be put (the server caps "
					+ "it, at 60 s by default).")
	Duration wait;

	@Option(names = "--json", description = "Print one JSON object with the message's topic, seq, sent and "
			+ "headers, and the message as the JSON value it is.")
	boolean json;

	@Mixin
	ProtocolOptions connection;

	@Mixin
	HelpOption help;

	@Override
	public Integer call() {
		ReadOptions options = (this.latest ? ReadOptions.newest() : ReadOptions.oldest()).waiting(this.wait);
		if (this.after != null) {
			options = options.after(this.after);
		}
		Optional<ReceivedMessage> read;
		try (DsmqClient client = this.connection.connect()) {
			read = client.receive(this.topic, options);
		}
		if (read.isEmpty()) {
			return Dsmq.EMPTY;
		}
		PrintWriter out = this.spec.commandLine().getOut();
		out.println(this.json ? Json.line(this.topic, read.get()) : read.get().text());
		out.flush();
		return 0;
	}

}
