package dev.dsmq.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import dev.dsmq.client.DsmqClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dsmq echo}: follows a topic and prints each message as it arrives.
 */
@Command(name = "echo", sortOptions = false,
		description = { "Print every message put to a topic as it arrives.",
				"One a line, until Ctrl-C, SIGTERM, --count or --duration ends it.",
				"It starts with what is put after it connected, or after --after SEQ (0: every message held, "
						+ "then what comes)." })
final class EchoCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Parameters(index = "0", paramLabel = "TOPIC", description = "The topic to follow.")
	String topic;

	@Option(names = "--after", paramLabel = "SEQ", converter = SequenceNumber.class,
			description = "Start after this sequence number; 0 for the oldest message held.")
	Long after;

	@Mixin
	FollowLimits limits;

	@Option(names = "--json", description = "Print one JSON object a line, with the message's topic, seq, sent "
			+ "and headers, and the message as the JSON value it is.")
	boolean json;

	@Mixin
	ProtocolOptions connection;

	@Mixin
	HelpOption help;

	@Override
	public Integer call() {
		this.limits.check();
		PrintWriter out = this.spec.commandLine().getOut();
		DsmqClient client = this.connection.connect();
		long start = (this.after != null) ? this.after : -1;
		Follower follower = this.limits.follower(client, this.topic, start, this.connection.address(),
				this.spec.commandLine().getErr());
		try (Termination termination = Termination.onSignal(follower::stop); client) {
			follower.run((message) -> {
				out.println(this.json ? Json.line(this.topic, message) : message.text());
				out.flush();
			});
		}
		return 0;
	}

}
