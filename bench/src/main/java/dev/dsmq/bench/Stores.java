package dev.dsmq.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * {@code --only stores}: the same work on one dsmq node on its embedded SQLite store, on one node on PostgreSQL, and
 * on three nodes sharing one PostgreSQL, round by round in turn, with where the CPU went: the dsmq nodes', the
 * PostgreSQL processes', and the whole machine's, so that the table says which resource runs out first. PostgreSQL
 * is an embedded one (PostgreSQL's own binaries from Maven Central), a fresh database for each target and round.
 */
final class Stores {

	static final List<String> TARGETS = List.of("sqlite", "postgresql", "postgresql x3");

	private final Path java;

	private final Path jar;

	private final List<String> jvmOptions;

	private final int messages;

	private final int size;

	/** Figures by name, then target, then round. */
	private final Map<String, Map<String, List<Double>>> figures = new LinkedHashMap<>();

	private final Map<String, long[]> integrity = new LinkedHashMap<>();

	private int databases;

	Stores(Path java, Path jar, List<String> jvmOptions, int messages, int size) {
		this.java = java;
		this.jar = jar;
		this.jvmOptions = jvmOptions;
		this.messages = messages;
		this.size = size;
	}

	void run(int rounds, PrintStream out) throws Exception {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
			for (int round = 1; round <= rounds; round++) {
				List<String> turn = new ArrayList<>(TARGETS);
				Collections.rotate(turn, -(round - 1));
				for (String target : turn) {
					out.printf("round %d of %d: %s%n", round, rounds, target);
					List<String> arguments = target.equals("sqlite") ? List.of() : database(postgres);
					int count = target.endsWith("x3") ? 3 : 1;
					try (Nodes nodes = Nodes.start(this.java, this.jar, this.jvmOptions, arguments, count)) {
						measure(target, nodes);
					}
				}
			}
		}
		print(out, rounds);
	}

	/**
	 * Create a database of its own for a target's round, and return the arguments that point a node at it.
	 */
	private List<String> database(EmbeddedPostgres postgres) throws Exception {
		String name = "bench_" + (++this.databases);
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		return List.of("--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + name,
				"--spring.datasource.username=postgres", "--spring.datasource.password=");
	}

	private void measure(String target, Nodes nodes) throws Exception {
		// a short pass of each workload, for the JIT compilers
		Scenarios.pubsub(nodes::connect, 2, 2, this.messages / 5, this.size);
		Scenarios.workQueue(nodes::connectWorkQueue, 2, 2, this.messages / 5, this.size, true);
		Scenarios.rtt(nodes::connect, 1, 5_000);

		Cpu before = Cpu.now(nodes);
		Scenarios.PubSub pubsub = Scenarios.pubsub(nodes::connect, 4, 4, this.messages, this.size);
		Cpu after = Cpu.now(nodes);
		add("pubsub 4x4 delivered/s", target, pubsub.deliveredPerSecond());
		add("pubsub 4x4 puts/s", target, pubsub.putsPerSecond());
		cpu("pubsub 4x4", target, before, after, this.messages);
		integrity(target, pubsub.lost(), pubsub.duplicated());

		before = Cpu.now(nodes);
		Scenarios.WorkQueue pop = Scenarios.workQueue(nodes::connectWorkQueue, 4, 4, this.messages, this.size, true);
		after = Cpu.now(nodes);
		add("queue 4x4 pop delivered/s", target, pop.deliveredPerSecond());
		cpu("queue 4x4 pop", target, before, after, this.messages);
		integrity(target, pop.lost(), pop.duplicated());

		Scenarios.WorkQueue delete = Scenarios.workQueue(nodes::connectWorkQueue, 4, 4, this.messages, this.size,
				false);
		add("queue 4x4 get+delete delivered/s", target, delete.deliveredPerSecond());
		integrity(target, delete.lost(), delete.duplicated());

		Scenarios.Rtt rtt = Scenarios.rtt(nodes::connect, 1, 20_000);
		add("rtt 1 connection p50 (us)", target, rtt.p50Micros());
		add("rtt 1 connection p99 (us)", target, rtt.p99Micros());
		Scenarios.Rtt eight = Scenarios.rtt(nodes::connect, 8, 5_000);
		add("rtt 8 connections ops/s", target, eight.opsPerSecond());

		add("put-throughput puts/s", target, Scenarios.putThroughput(nodes.first(), this.messages * 2, this.size));
	}

	private void cpu(String scenario, String target, Cpu before, Cpu after, int messages) {
		add(scenario + ": dsmq nodes' CPU per message (us)", target, (after.nodes - before.nodes) / 1e3 / messages);
		add(scenario + ": PostgreSQL's CPU per message (us)", target,
				(after.postgres - before.postgres) / 1e3 / messages);
		double wall = after.wallNanos - before.wallNanos;
		add(scenario + ": machine busy (% of all cores)", target,
				100.0 * (after.machineBusy - before.machineBusy) / Math.max(1, after.machineTotal - before.machineTotal));
		add(scenario + ": dsmq nodes (% of one core)", target, 100.0 * (after.nodes - before.nodes) / wall);
		add(scenario + ": PostgreSQL (% of one core)", target, 100.0 * (after.postgres - before.postgres) / wall);
	}

	private void add(String figure, String target, double value) {
		this.figures.computeIfAbsent(figure, (name) -> new LinkedHashMap<>())
			.computeIfAbsent(target, (name) -> new ArrayList<>())
			.add(value);
	}

	private void integrity(String target, long lost, long duplicated) {
		long[] counts = this.integrity.computeIfAbsent(target, (name) -> new long[2]);
		counts[0] += lost;
		counts[1] += duplicated;
	}

	private void print(PrintStream out, int rounds) {
		out.printf("%nStores: medians of %d interleaved rounds, %d messages of %d bytes per run; the nodes on the "
				+ "benchmark's JDK, PostgreSQL embedded (fsync on).%n%n", rounds, this.messages, this.size);
		StringBuilder header = new StringBuilder("| figure |");
		StringBuilder rule = new StringBuilder("|---|");
		for (String target : TARGETS) {
			header.append(' ').append(target).append(" |");
			rule.append("---|");
		}
		out.println(header);
		out.println(rule);
		this.figures.forEach((figure, byTarget) -> {
			StringBuilder row = new StringBuilder("| ").append(figure).append(" |");
			for (String target : TARGETS) {
				List<Double> values = byTarget.get(target);
				row.append(' ').append((values == null) ? "-" : Report.format(Report.median(values))).append(" |");
			}
			out.println(row);
		});
		this.integrity.forEach((target, counts) -> out.printf("%n%s: %d messages lost, %d duplicated in all rounds",
				target, counts[0], counts[1]));
		out.println();
	}

	/**
	 * Some dsmq nodes of one store, handed out to clients in turn, so that producers and consumers are spread over
	 * them: with three nodes most messages are put on one node and read on another.
	 */
	static final class Nodes implements AutoCloseable {

		private final List<Server> servers;

		private final AtomicInteger next = new AtomicInteger();

		private Nodes(List<Server> servers) {
			this.servers = servers;
		}

		static Nodes start(Path java, Path jar, List<String> jvmOptions, List<String> arguments, int count)
				throws IOException, InterruptedException {
			List<Server> servers = new ArrayList<>();
			try {
				for (int i = 1; i <= count; i++) {
					servers.add(Server.dsmq(java, jar, jvmOptions, arguments, "dsmq-node-" + i));
				}
			}
			catch (IOException | InterruptedException | RuntimeException ex) {
				new Nodes(servers).close();
				throw ex;
			}
			return new Nodes(servers);
		}

		Server first() {
			return this.servers.get(0);
		}

		QueueClient connect() throws IOException {
			return nextNode().connect();
		}

		WorkQueueClient connectWorkQueue(String consumer) throws IOException {
			return nextNode().connectWorkQueue(consumer);
		}

		long cpuNanos() throws IOException {
			long total = 0;
			for (Server server : this.servers) {
				total += server.cpuNanos();
			}
			return total;
		}

		private Server nextNode() {
			return this.servers.get(Math.floorMod(this.next.getAndIncrement(), this.servers.size()));
		}

		@Override
		public void close() throws InterruptedException {
			for (Server server : this.servers) {
				server.close();
			}
		}

	}

	/**
	 * Where the CPU has gone so far: the nodes', every PostgreSQL process's (exited backends through the postmaster's
	 * children's times), and the machine's busy and total time from {@code /proc/stat}, in clock ticks.
	 */
	private record Cpu(long nodes, long postgres, long machineBusy, long machineTotal, long wallNanos) {

		static Cpu now(Nodes nodes) throws IOException {
			long wall = System.nanoTime();
			String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long total = 0;
			for (int i = 1; i < cpu.length; i++) {
				total += Long.parseLong(cpu[i]);
			}
			// idle and iowait
			long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
			return new Cpu(nodes.cpuNanos(), postgresNanos(), total - idle, total, wall);
		}

		private static long postgresNanos() throws IOException {
			long ticks = 0;
			try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
				for (Path process : processes) {
					try {
						String stat = Files.readString(process.resolve("stat"));
						String command = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
						if (!command.equals("postgres")) {
							continue;
						}
						String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
						// utime, stime, cutime, cstime: the 14th to 17th fields of the line
						for (int i = 11; i <= 14; i++) {
							ticks += Long.parseLong(fields[i]);
						}
					}
					catch (IOException | RuntimeException gone) {
						// a backend that ended meanwhile: the postmaster's children's times have it
					}
				}
			}
			return ticks * 10_000_000L;
		}

	}

}
