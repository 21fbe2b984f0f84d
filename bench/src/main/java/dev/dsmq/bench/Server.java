package dev.dsmq.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server process started for one round of the benchmark, on a free loopback port: dsmq, Redis or the floor.
 */
final class Server implements AutoCloseable {

	private final String name;

	private final Process process;

	private final int port;

	private final Duration startup;

	private Server(String name, List<String> command, int port) throws IOException, InterruptedException {
		this.name = name;
		this.port = port;
		long start = System.nanoTime();
		this.process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(Path.of("target", name + ".log").toFile())
			.start();
		this.startup = awaitFirstConnection(start);
	}

	/** The java launcher of the JDK the benchmark runs on, which starts dsmq and the floor unless told otherwise. */
	static final Path OWN_JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

	/**
	 * Start the server jar with the JVM's options, such as {@code @file} to read them from a file as the java
	 * launcher does.
	 */
	static Server dsmq(Path jar, List<String> jvmOptions) throws IOException, InterruptedException {
		return dsmq(OWN_JAVA, jar, jvmOptions);
	}

	/**
	 * Start the server jar with the given java launcher and the JVM's options.
	 */
	static Server dsmq(Path java, Path jar, List<String> jvmOptions) throws IOException, InterruptedException {
		return dsmq(java, jar, jvmOptions, List.of(), "dsmq");
	}

	/**
	 * Start the server jar with the given launcher, JVM options and the server's own arguments, named for its log.
	 */
	static Server dsmq(Path java, Path jar, List<String> jvmOptions, List<String> arguments, String name)
			throws IOException, InterruptedException {
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(java.toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar.toString(), "--dsmq.port=" + port, "--server.port=0"));
		command.addAll(arguments);
		return new Server(name, command, port);
	}

	/**
	 * Start the {@link FloorServer} in a JVM of its own, with the options given to dsmq's, so that it pays for its
	 * own start, heap, compilers and collector as dsmq does, its resident memory is read as dsmq's is, and it shares
	 * none of that with the benchmark's clients. Its class files are copied out of the benchmark's class path first:
	 * the benchmark's jar nests them where {@code java -cp} does not look.
	 */
	static Server floor(List<String> jvmOptions) throws IOException, InterruptedException {
		return floor(OWN_JAVA, jvmOptions);
	}

	/**
	 * Start the floor with the given java launcher and the JVM's options.
	 */
	static Server floor(Path java, List<String> jvmOptions) throws IOException, InterruptedException {
		Path classes = Path.of("target", "floor-classes");
		for (Class<?> type : FloorServer.class.getNestMembers()) {
			String file = type.getName().replace('.', '/') + ".class";
			Path copy = classes.resolve(file);
			Files.createDirectories(copy.getParent());
			try (InputStream in = FloorServer.class.getClassLoader().getResourceAsStream(file)) {
				if (in == null) {
					throw new IOException("no " + file + " on the class path");
				}
				Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(java.toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", classes.toString(), FloorServer.class.getName(), String.valueOf(port)));
		return new Server("floor", command, port);
	}

	static Server redis(Path redisServer) throws IOException, InterruptedException {
		int port = freePort();
		return new Server("redis", List.of(redisServer.toString(), "--port", String.valueOf(port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"), port);
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.port;
	}

	/** Time from starting the process to its first accepted connection. */
	Duration startup() {
		return this.startup;
	}

	/** A client of the server: dsmq's 0.7 framing for dsmq and the floor, Redis Streams for Redis. */
	QueueClient connect() throws IOException {
		return this.name.equals("redis") ? new RedisStreamsClient(this.port) : new DsmqClient(this.port);
	}

	/** A connection to the server's work queues: dsmq's groups (the floor has them too), or a Redis consumer group. */
	WorkQueueClient connectWorkQueue(String consumer) throws IOException {
		return this.name.equals("redis") ? new RedisGroupClient(this.port, consumer) : new DsmqWorkQueueClient(this.port);
	}

	/** Clients of the given generation, each on a connection of its own. dsmq only. */
	Scenarios.Connector connector(Generation generation) {
		return () -> generation.connect(this.port);
	}

	/** A client that writes as dsmq's own does: header and body apart, Nagle's algorithm on. Not for Redis. */
	QueueClient connectSplit() throws IOException {
		return new DsmqClient(this.port, true);
	}

	/** The process's resident set size, in bytes. */
	long rss() throws IOException {
		return status("VmRSS") * 1024;
	}

	/** How many threads the process has. */
	long threads() throws IOException {
		return status("Threads");
	}

	/** A number of the process's {@code /proc/PID/status}: kB for sizes. */
	private long status(String field) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(this.process.pid()), "status"))) {
			if (line.startsWith(field + ":")) {
				return Long.parseLong(line.replaceAll("\\D", ""));
			}
		}
		throw new IOException("no " + field + " for process " + this.process.pid());
	}

	/**
	 * The CPU time the process has used so far, all its threads in user and kernel mode, in nanoseconds: from
	 * {@code /proc/PID/stat}, in clock ticks of 10 ms.
	 */
	long cpuNanos() throws IOException {
		String stat = Files.readString(Path.of("/proc", String.valueOf(this.process.pid()), "stat"));
		// the fields after the command name, which is in parentheses and may hold spaces; utime and stime are the
		// 14th and 15th fields of the line
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		return ticks * 10_000_000L;
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

	private Duration awaitFirstConnection(long start) throws IOException, InterruptedException {
		long deadline = start + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IOException(this.name + " exited with " + this.process.exitValue() + "; see target/"
						+ this.name + ".log");
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 100);
				return Duration.ofNanos(System.nanoTime() - start);
			}
			catch (IOException notYet) {
				Thread.sleep(2);
			}
		}
		this.process.destroyForcibly();
		throw new IOException(this.name + " did not accept a connection within 60 s");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
