package dev.dsmq.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.dsmq.client.DsmqClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dsmq hz}: how often messages arrive on a topic, printed once a second.
 */
@Command(name = "hz", sortOptions = false,
		description = { "Print how often messages arrive on a topic, once a second.",
				"The rate, and the mean, least, greatest and standard deviation of the intervals between "
						+ "messages over the latest --window intervals, as ros2 topic hz prints them; once more when "
						+ "it stops.",
				"Arrival is when this reader receives a message, so it measures the rate readers see; it runs "
						+ "until Ctrl-C, SIGTERM, --count or --duration." })
final class HzCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Parameters(index = "0", paramLabel = "TOPIC", description = "The topic to measure.")
	String topic;

	@Option(names = { "-w", "--window" }, paramLabel = "N", defaultValue = "10000",
			description = "How many of the latest intervals to measure over (default ${DEFAULT-VALUE}).")
	int window;

	@Mixin
	FollowLimits limits;

	@Mixin
	ProtocolOptions connection;

	@Mixin
	HelpOption help;

	@Override
	public Integer call() {
		this.limits.check();
		IntervalWindow intervals = new IntervalWindow(this.window);
		PrintWriter out = this.spec.commandLine().getOut();
		DsmqClient client = this.connection.connect();
		Follower follower = this.limits.follower(client, this.topic, -1, this.connection.address(),
				this.spec.commandLine().getErr());
		ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "dsmq-hz");
			thread.setDaemon(true);
			return thread;
		});
		try (Termination termination = Termination.onSignal(() -> {
			follower.stop();
			report(intervals, out);
		}); client) {
			reporter.scheduleAtFixedRate(() -> report(intervals, out), 1, 1, TimeUnit.SECONDS);
			follower.run((message) -> intervals.arrived(System.nanoTime()));
		}
		finally {
			reporter.shutdownNow();
		}
		if (intervals.hasNews()) {
			report(intervals, out);
		}
		return 0;
	}

	private static void report(IntervalWindow intervals, PrintWriter out) {
		String report = intervals.report();
		if (report != null) {
			out.println(report);
			out.flush();
		}
	}

}
