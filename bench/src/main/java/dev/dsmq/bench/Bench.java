package dev.dsmq.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs every workload against a dsmq server, a Redis server and the {@link FloorServer}, interleaved round by round
 * on this machine (each round starting with the next server), and prints the medians side by side with dsmq's ratio
 * to each of the others.
 * <p>
 * Each round then starts a fresh dsmq server for the generations: the same rtt and pubsub work with each
 * generation's client in turn (dsmq 0.7 framed, 0.1-0.4 headerless, 1.x WebSocket), printed with the ratio of each
 * to framed.
 * <p>
 * Arguments: {@code --server-jar PATH --redis-server PATH [--jvm-options FILE] [--java PATH]
 * [--only footprint|generations|queue|connections|stores] [--targets dsmq,redis,floor]
 * [--generations framed,headerless,websocket,websocket-inline|none] [--rounds 3] [--messages 100000]
 * [--size 16] [--connections 10000]}. The JVM options file is passed to the java launcher of dsmq and of the floor as
 * {@code @FILE}; {@code --java} names the JDK (its home, or its {@code bin/java}) that runs them, the benchmark's own
 * by default; {@code --only footprint} measures start-up and memory without the workloads; {@code --only queue} only
 * the work queues, against Redis Streams consumer groups; {@code --only connections} only a crowd of
 * {@code --connections} connections opened at once, each answered once, and the server's memory and threads with
 * them all open; {@code --only stores} the same work on one node of the embedded SQLite store, one node on
 * PostgreSQL and three nodes on one PostgreSQL ({@link Stores}, 20,000 messages unless {@code --messages});
 * {@code --only generations} runs only the generations, without Redis
 * or the floor (then {@code --redis-server} may be left out); {@code --targets} names the servers measured, all three
 * by default, and one left out needs no path (the server jar is still needed for the generations);
 * {@code --generations} names the generations to compare (framed, headerless and websocket by default;
 * websocket-inline is the same WebSocket without the client's threads), or none.
 */
public final class Bench {

	/** Warm-up passes at most; a server still getting faster after these is measured as it is. */
	private static final int MAX_WARM_UP_PASSES = 6;

	/** The servers measured, each round in this order. */
	private static final List<String> TARGETS = List.of("dsmq", "redis", "floor");

	private Bench() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		String only = options.get("only");
		if (only != null && !List.of("footprint", "generations", "queue", "connections", "stores").contains(only)) {
			throw new IllegalArgumentException("--only takes footprint, generations, queue, connections or stores, got "
					+ only);
		}
		if ("stores".equals(only)) {
			List<String> jvm = options.containsKey("jvm-options") ? List.of("@" + options.get("jvm-options")) : List.of();
			Files.createDirectories(Path.of("target"));
			new Stores(java(options.get("java")), Path.of(required(options, "server-jar")), jvm,
					Integer.parseInt(options.getOrDefault("messages", "20000")),
					Integer.parseInt(options.getOrDefault("size", "16")))
				.run(Integer.parseInt(options.getOrDefault("rounds", "3")), System.out);
			return;
		}
		boolean footprintOnly = "footprint".equals(only);
		boolean queueOnly = "queue".equals(only);
		boolean connectionsOnly = "connections".equals(only);
		int connections = Integer.parseInt(options.getOrDefault("connections", "10000"));
		Path java = java(options.get("java"));
		if (connectionsOnly) {
			// before any server starts: a benchmark that may not open the connections says so at once
			Crowd.checkDescriptors(connections);
		}
		boolean generationsOnly = "generations".equals(only);
		List<String> targets = generationsOnly ? List.of() : targets(options.get("targets"));
		Path redis = targets.contains("redis") ? Path.of(required(options, "redis-server")) : null;
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
		int messages = Integer.parseInt(options.getOrDefault("messages", "100000"));
		int size = Integer.parseInt(options.getOrDefault("size", "16"));
		List<String> jvmOptions = options.containsKey("jvm-options") ? List.of("@" + options.get("jvm-options"))
				: List.of();
		List<Generation> generations = (footprintOnly || queueOnly || connectionsOnly) ? List.of()
				: Generation.parse(options.get("generations"));
		if (generationsOnly && generations.isEmpty()) {
			throw new IllegalArgumentException("--only generations needs at least one of --generations");
		}
		Path jar = (targets.contains("dsmq") || !generations.isEmpty()) ? Path.of(required(options, "server-jar"))
				: null;
		Files.createDirectories(Path.of("target"));
		System.out.println("dsmq and the floor run on " + version(java));

		Report report = new Report();
		Report generationReport = new Report();
		for (int round = 1; round <= rounds; round++) {
			// each round starts with the next server, so that the machine's drift within a round falls on each in turn
			List<String> turn = new ArrayList<>(targets);
			Collections.rotate(turn, -(round - 1));
			for (String target : turn) {
				System.out.printf("round %d of %d: %s%n", round, rounds, target);
				try (Server server = switch (target) {
					case "dsmq" -> Server.dsmq(java, jar, jvmOptions);
					case "redis" -> Server.redis(redis);
					default -> Server.floor(java, jvmOptions);
				}) {
					if (connectionsOnly) {
						crowd(server, report, connections);
						continue;
					}
					if (queueOnly) {
						warmUntilSteady(server, () -> warmUpWorkQueues(server, size));
						workQueues(server, report, messages, size);
						continue;
					}
					footprint(server, report);
					if (!footprintOnly) {
						runRound(server, report, messages, size);
					}
				}
			}
			if (!generations.isEmpty()) {
				List<Generation> order = new ArrayList<>(generations);
				Collections.rotate(order, -(round - 1));
				System.out.printf("round %d of %d: dsmq generations, %s%n", round, rounds,
						order.stream().map(Generation::tag).collect(Collectors.joining(", ")));
				try (Server server = Server.dsmq(java, jar, jvmOptions)) {
					compareGenerations(server, generationReport, order, messages, size);
				}
			}
		}
		if (!targets.isEmpty()) {
			report.print(System.out, rounds, connectionsOnly ? String.format("%,d connections opened at once", connections)
					: String.format("%d messages of %d bytes per pubsub run", messages, size));
		}
		if (!generations.isEmpty()) {
			generationReport.printGenerations(System.out, rounds, messages, size, generations);
		}
	}

	/** What a server costs before it does any work, and holding a modest backlog. */
	private static void footprint(Server server, Report report) throws Exception {
		String name = server.name();
		report.add(name, "start to first accepted connection (ms)", server.startup().toNanos() / 1e6, false);
		report.add(name, "RSS idle, one client connected (MB)", Scenarios.idleRss(server) / 1e6, false);
		report.add(name, "RSS holding 100,000 x 100 B (MB)", Scenarios.heldRss(server, 100_000, 100) / 1e6, false);
	}

	/** A crowd of connections opened at once, each answered once, and the server with all of them open. */
	private static void crowd(Server server, Report report, int connections) throws Exception {
		String name = server.name();
		Scenarios.Connections crowd = Scenarios.connections(server, connections);
		Crowd.Outcome outcome = crowd.outcome();
		String count = String.format("%,d", connections);
		System.out.printf("%s: %d answered, %d refused, %d closed unanswered, %d silent; last answer after %.1f s%n",
				name, outcome.answered(), outcome.refused(), outcome.closed(), outcome.silent(),
				outcome.secondsToLastAnswer());
		report.addCount(name, "connections answered, of " + count, outcome.answered(), true);
		report.addCount(name, "connections not answered", outcome.notAnswered(), false);
		report.add(name, "last answer after (s)", outcome.secondsToLastAnswer(), false);
		report.add(name, "RSS, no client (MB)", crowd.idleRss() / 1e6, false);
		report.add(name, "RSS, " + count + " connections open (MB)", crowd.rss() / 1e6, false);
		report.add(name, "RSS per connection (KB)", crowd.rssPerConnection(connections) / 1e3, false);
		report.addCount(name, "threads, no client", crowd.idleThreads(), false);
		report.addCount(name, "threads, " + count + " connections open", crowd.threads(), false);
	}

	private static void runRound(Server server, Report report, int messages, int size) throws Exception {
		String name = server.name();
		warmUntilSteady(server, () -> warmUp(server, size));

		long cpu = server.cpuNanos();
		Scenarios.PubSub many = Scenarios.pubsub(server, 4, 4, messages, size);
		report.add(name, "pubsub 4x4 delivered/s", many.deliveredPerSecond(), true);
		report.add(name, "pubsub 4x4 puts/s", many.putsPerSecond(), true);
		// what the server spends on each message, put and read four times, however busy the machine is with clients
		report.add(name, "pubsub 4x4 server CPU per message (us)", (server.cpuNanos() - cpu) / 1e3 / messages,
				false);
		report.lossAndDuplicates(name, many.lost(), many.duplicated());

		Scenarios.PubSub one = Scenarios.pubsub(server, 1, 1, messages, size);
		report.add(name, "pubsub 1x1 delivered/s", one.deliveredPerSecond(), true);
		report.add(name, "pubsub 1x1 puts/s", one.putsPerSecond(), true);
		report.lossAndDuplicates(name, one.lost(), one.duplicated());

		workQueues(server, report, messages, size);

		Scenarios.Rtt single = Scenarios.rtt(server, 1, 50_000);
		report.add(name, "rtt 1 connection p50 (us)", single.p50Micros(), false);
		report.add(name, "rtt 1 connection p99 (us)", single.p99Micros(), false);
		report.add(name, "rtt 1 connection p99.9 (us)", single.p999Micros(), false);
		report.add(name, "rtt 1 connection ops/s", single.opsPerSecond(), true);
		if (!name.equals("redis")) {
			// dsmq's own client; each get would take ~40 ms if the server let its ACKs be delayed
			Scenarios.Rtt split = Scenarios.rtt(server::connectSplit, 1, 2_000);
			report.add(name, "rtt dsmq-client-style p50 (us)", split.p50Micros(), false);
			report.add(name, "rtt dsmq-client-style p99 (us)", split.p99Micros(), false);
		}
		Scenarios.Rtt eight = Scenarios.rtt(server, 8, 20_000);
		report.add(name, "rtt 8 connections p50 (us)", eight.p50Micros(), false);
		report.add(name, "rtt 8 connections p99 (us)", eight.p99Micros(), false);
		report.add(name, "rtt 8 connections ops/s", eight.opsPerSecond(), true);

		report.add(name, "put-throughput puts/s", Scenarios.putThroughput(server, messages * 5, size), true);
		report.add(name, "RSS holding 1,000,000 x 100 B (MB)", Scenarios.heldRss(server, 1_000_000, 100) / 1e6,
				false);
	}

	/**
	 * Four producers and four consumers of one group, the consumers claiming and acknowledging each message, then
	 * popping it.
	 */
	private static void workQueues(Server server, Report report, int messages, int size) throws Exception {
		for (boolean pop : List.of(false, true)) {
			String kind = pop ? "pop" : "get+delete";
			long cpu = server.cpuNanos();
			Scenarios.WorkQueue queue = Scenarios.workQueue(server::connectWorkQueue, 4, 4, messages, size, pop);
			report.add(server.name(), "queue 4x4 " + kind + " delivered/s", queue.deliveredPerSecond(), true);
			report.add(server.name(), "queue 4x4 " + kind + " server CPU per message (us)",
					(server.cpuNanos() - cpu) / 1e3 / messages, false);
			report.lossAndDuplicates(server.name() + " queue " + kind, queue.lost(), queue.duplicated());
		}
	}

	/**
	 * The rtt and pubsub work of a round, with each generation's client on one dsmq server: scenario by scenario,
	 * every generation in the given order (which the caller turns from round to round, so that none always goes
	 * first), once all have warmed up.
	 */
	private static void compareGenerations(Server server, Report report, List<Generation> order, int messages,
			int size) throws Exception {
		for (Generation generation : order) {
			Scenarios.rtt(server.connector(generation), 2, 20_000);
			Scenarios.pubsub(server.connector(generation), 2, 2, 20_000, size);
		}
		List<GenerationScenario> scenarios = List.of((name, connector) -> {
			Scenarios.PubSub many = Scenarios.pubsub(connector, 4, 4, messages, size);
			report.add(name, "pubsub 4x4 delivered/s", many.deliveredPerSecond(), true);
			report.add(name, "pubsub 4x4 puts/s", many.putsPerSecond(), true);
			report.lossAndDuplicates(name, many.lost(), many.duplicated());
		}, (name, connector) -> {
			Scenarios.PubSub one = Scenarios.pubsub(connector, 1, 1, messages, size);
			report.add(name, "pubsub 1x1 delivered/s", one.deliveredPerSecond(), true);
			report.add(name, "pubsub 1x1 puts/s", one.putsPerSecond(), true);
			report.lossAndDuplicates(name, one.lost(), one.duplicated());
		}, (name, connector) -> {
			Scenarios.Rtt single = Scenarios.rtt(connector, 1, 50_000);
			report.add(name, "rtt 1 connection p50 (us)", single.p50Micros(), false);
			report.add(name, "rtt 1 connection p99 (us)", single.p99Micros(), false);
			report.add(name, "rtt 1 connection ops/s", single.opsPerSecond(), true);
		}, (name, connector) -> {
			Scenarios.Rtt eight = Scenarios.rtt(connector, 8, 20_000);
			report.add(name, "rtt 8 connections p50 (us)", eight.p50Micros(), false);
			report.add(name, "rtt 8 connections p99 (us)", eight.p99Micros(), false);
			report.add(name, "rtt 8 connections ops/s", eight.opsPerSecond(), true);
		});
		for (GenerationScenario scenario : scenarios) {
			for (Generation generation : order) {
				scenario.run(generation.tag(), server.connector(generation));
			}
		}
	}

	/**
	 * Repeat a warm-up pass until the server's CPU time for it falls by less than a tenth from the pass before, or
	 * {@link #MAX_WARM_UP_PASSES} times. A JVM's compilers spend a couple of CPU seconds on the first passes, and
	 * measuring while they run would measure them on a machine whose cores the clients share, not the server's
	 * steady pace; Redis, with no JIT, is steady by its second pass.
	 */
	private static void warmUntilSteady(Server server, Pass pass) throws Exception {
		long previous = Long.MAX_VALUE;
		for (int passes = 1; passes <= MAX_WARM_UP_PASSES; passes++) {
			long cpu = server.cpuNanos();
			pass.run();
			long spent = server.cpuNanos() - cpu;
			if (spent > previous * 0.9 || passes == MAX_WARM_UP_PASSES) {
				System.out.printf("%s warmed up in %d passes, the last taking %.2f s of its CPU%n", server.name(),
						passes, spent / 1e9);
				return;
			}
			previous = spent;
		}
	}

	/** Work run before anything is measured. */
	private interface Pass {

		void run() throws Exception;

	}

	/** Let the JIT compile the hot paths of both server and client before anything is measured. */
	private static void warmUp(Server server, int size) throws Exception {
		Scenarios.rtt(server, 2, 20_000);
		Scenarios.pubsub(server, 2, 2, 20_000, size);
		warmUpWorkQueues(server, size);
		Scenarios.putThroughput(server, 100_000, size);
	}

	/** Both ways of taking from a group, each long enough for the JIT to compile its path. */
	private static void warmUpWorkQueues(Server server, int size) throws Exception {
		Scenarios.workQueue(server::connectWorkQueue, 2, 2, 50_000, size, false);
		Scenarios.workQueue(server::connectWorkQueue, 2, 2, 50_000, size, true);
	}

	/** The servers a comma-separated list names, in the order given; all three if none. */
	private static List<String> targets(String list) {
		if (list == null) {
			return TARGETS;
		}
		List<String> targets = new ArrayList<>();
		for (String name : list.split(",")) {
			if (!TARGETS.contains(name.trim())) {
				throw new IllegalArgumentException("--targets takes " + String.join(", ", TARGETS)
						+ ", comma-separated; got " + name);
			}
			if (!targets.contains(name.trim())) {
				targets.add(name.trim());
			}
		}
		return targets;
	}

	/** The java launcher that {@code --java} names, a JDK's home or its launcher; the benchmark's own if none. */
	private static Path java(String named) {
		if (named == null) {
			return Server.OWN_JAVA;
		}
		Path path = Path.of(named);
		Path java = Files.isDirectory(path) ? path.resolve("bin").resolve("java") : path;
		if (!Files.isExecutable(java)) {
			throw new IllegalArgumentException("--java names no java launcher: " + java);
		}
		return java;
	}

	/** The first line of what the launcher says of its version. */
	private static String version(Path java) throws Exception {
		Process process = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
		String first = new String(process.getInputStream().readAllBytes()).lines().findFirst().orElse("?");
		process.waitFor();
		return java + " (" + first + ")";
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("expected --name value, got " + args[i]);
			}
			options.put(args[i].substring(2), args[i + 1]);
		}
		return options;
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null) {
			throw new IllegalArgumentException("--" + name + " is required");
		}
		return value;
	}

	/** One workload of the generation comparison, run with one generation's clients. */
	@FunctionalInterface
	private interface GenerationScenario {

		void run(String generation, Scenarios.Connector connector) throws Exception;

	}

}
