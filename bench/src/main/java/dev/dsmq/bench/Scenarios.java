package dev.dsmq.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

/**
 * The benchmark's workloads, each run against one server over real sockets.
 */
final class Scenarios {

	/** How long a consumer waits for the next message before counting the rest as lost. */
	private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(10);

	private static final AtomicLong topics = new AtomicLong();

	private Scenarios() {
	}

	record PubSub(double deliveredPerSecond, double putsPerSecond, long lost, long duplicated) {
	}

	record WorkQueue(double deliveredPerSecond, long lost, long duplicated) {
	}

	record Rtt(double p50Micros, double p99Micros, double p999Micros, double opsPerSecond) {
	}

	/** How a crowd of connections fared, and the server's memory and threads before it came and with it open. */
	record Connections(Crowd.Outcome outcome, long idleRss, long rss, long idleThreads, long threads) {

		/** The resident memory each connection added, in bytes. */
		double rssPerConnection(int connections) {
			return (double) (this.rss - this.idleRss) / connections;
		}

	}

	/**
	 * Consumers connect first and read every message with {@code get}; producers then put {@code messages} in all,
	 * each on its own connection, one write per put.
	 */
	static PubSub pubsub(Server server, int producers, int consumers, int messages, int size) throws Exception {
		return pubsub(server::connect, producers, consumers, messages, size);
	}

	/**
	 * The same, with every connection made by the given factory.
	 */
	static PubSub pubsub(Connector connector, int producers, int consumers, int messages, int size)
			throws Exception {
		String topic = "pubsub-" + topics.incrementAndGet();
		int perProducer = messages / producers;
		int total = perProducer * producers;
		ExecutorService threads = Executors.newFixedThreadPool(producers + consumers);
		try {
			CountDownLatch subscribed = new CountDownLatch(consumers);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<long[]>> readers = new ArrayList<>();
			for (int c = 0; c < consumers; c++) {
				readers.add(threads.submit(() -> consume(connector, topic, producers, total, subscribed, go)));
			}
			await(subscribed, readers);
			List<Future<?>> writers = new ArrayList<>();
			long start = System.nanoTime();
			go.countDown();
			for (int p = 0; p < producers; p++) {
				int producer = p;
				writers.add(threads.submit((Callable<Void>) () -> {
					try (QueueClient client = connector.connect()) {
						for (int i = 0; i < perProducer; i++) {
							client.put(topic, payload(producer, i, size), true);
						}
						client.confirmPuts(topic);
					}
					return null;
				}));
			}
			for (Future<?> writer : writers) {
				writer.get();
			}
			long putsDone = System.nanoTime();
			long lost = 0;
			long duplicated = 0;
			for (Future<long[]> reader : readers) {
				long[] counts = reader.get();
				lost += counts[0];
				duplicated += counts[1];
			}
			long readsDone = System.nanoTime();
			return new PubSub(perSecond((long) total * consumers - lost, readsDone - start),
					perSecond(total, putsDone - start), lost, duplicated);
		}
		finally {
			threads.shutdownNow();
		}
	}

	/**
	 * Read until every message has arrived, checking each producer's order; returns lost and duplicated counts.
	 */
	private static long[] consume(Connector connector, String topic, int producers, int total,
			CountDownLatch subscribed, CountDownLatch go) throws IOException, InterruptedException {
		try (QueueClient client = connector.connect()) {
			client.subscribe(topic);
			subscribed.countDown();
			go.await();
			int[] next = new int[producers];
			long received = 0;
			long duplicated = 0;
			long lastArrival = System.nanoTime();
			while (received < total && System.nanoTime() - lastArrival < IDLE_NANOS) {
				String message = client.get(topic);
				if (message.isEmpty()) {
					continue;
				}
				lastArrival = System.nanoTime();
				int colon = message.indexOf(':');
				int producer = Integer.parseInt(message, 0, colon, 10);
				int sequence = Integer.parseInt(message, colon + 1, message.indexOf(':', colon + 1), 10);
				if (sequence < next[producer]) {
					duplicated++;
					continue;
				}
				if (sequence > next[producer]) {
					throw new IllegalStateException("producer " + producer + " message " + sequence
							+ " arrived before " + next[producer] + ": order broken or messages lost");
				}
				next[producer]++;
				received++;
			}
			return new long[] { total - received, duplicated };
		}
	}

	/**
	 * Consumers of one group connect first and take messages until every one has been taken once; producers put
	 * {@code messages} in all, each on its own connection, one write per put. A consumer claims and acknowledges each
	 * message, or pops it. Counted: messages never taken (lost) and taken more than once (duplicated).
	 */
	static WorkQueue workQueue(WorkQueueConnector connector, int producers, int consumers, int messages, int size,
			boolean pop) throws Exception {
		String topic = "queue-" + topics.incrementAndGet();
		String group = "bench";
		int perProducer = messages / producers;
		int total = perProducer * producers;
		AtomicIntegerArray taken = new AtomicIntegerArray(total);
		AtomicLong distinct = new AtomicLong();
		AtomicLong duplicated = new AtomicLong();
		try (WorkQueueClient creator = connector.connect("creator")) {
			creator.createGroup(topic, group);
		}
		ExecutorService threads = Executors.newFixedThreadPool(producers + consumers);
		try {
			CountDownLatch connected = new CountDownLatch(consumers);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<?>> readers = new ArrayList<>();
			for (int c = 0; c < consumers; c++) {
				String name = "consumer-" + c;
				readers.add(threads.submit((Callable<Void>) () -> {
					try (WorkQueueClient client = connector.connect(name)) {
						connected.countDown();
						go.await();
						long lastArrival = System.nanoTime();
						while (distinct.get() < total && System.nanoTime() - lastArrival < IDLE_NANOS) {
							String message = client.take(topic, group, pop);
							if (message == null) {
								continue;
							}
							lastArrival = System.nanoTime();
							int colon = message.indexOf(':');
							int producer = Integer.parseInt(message, 0, colon, 10);
							int sequence = Integer.parseInt(message, colon + 1, message.indexOf(':', colon + 1), 10);
							if (taken.getAndSet(producer * perProducer + sequence, 1) == 0) {
								distinct.incrementAndGet();
							}
							else {
								duplicated.incrementAndGet();
							}
						}
					}
					return null;
				}));
			}
			await(connected, readers);
			List<Future<?>> writers = new ArrayList<>();
			long start = System.nanoTime();
			go.countDown();
			for (int p = 0; p < producers; p++) {
				int producer = p;
				writers.add(threads.submit((Callable<Void>) () -> {
					try (WorkQueueClient client = connector.connect("producer-" + producer)) {
						for (int i = 0; i < perProducer; i++) {
							client.put(topic, payload(producer, i, size), true);
						}
						client.confirmPuts(topic);
					}
					return null;
				}));
			}
			for (Future<?> writer : writers) {
				writer.get();
			}
			for (Future<?> reader : readers) {
				reader.get();
			}
			long done = System.nanoTime();
			return new WorkQueue(perSecond(distinct.get(), done - start), total - distinct.get(), duplicated.get());
		}
		finally {
			threads.shutdownNow();
		}
	}

	/**
	 * Each connection asks for a message of an empty topic, again and again.
	 */
	static Rtt rtt(Server server, int connections, int requests) throws Exception {
		return rtt(server::connect, connections, requests);
	}

	/**
	 * Each connection, made by the given factory, asks for a message of an empty topic, again and again.
	 */
	static Rtt rtt(Connector connector, int connections, int requests) throws Exception {
		String topic = "empty-" + topics.incrementAndGet();
		ExecutorService threads = Executors.newFixedThreadPool(connections);
		try {
			CountDownLatch ready = new CountDownLatch(connections);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Histogram>> results = new ArrayList<>();
			for (int c = 0; c < connections; c++) {
				results.add(threads.submit(() -> {
					Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
					try (QueueClient client = connector.connect()) {
						client.subscribe(topic);
						ready.countDown();
						go.await();
						for (int i = 0; i < requests; i++) {
							long sent = System.nanoTime();
							client.get(topic);
							histogram.recordValue(System.nanoTime() - sent);
						}
					}
					return histogram;
				}));
			}
			await(ready, results);
			long start = System.nanoTime();
			go.countDown();
			Histogram all = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
			for (Future<Histogram> result : results) {
				all.add(result.get());
			}
			long elapsed = System.nanoTime() - start;
			return new Rtt(all.getValueAtPercentile(50) / 1000.0, all.getValueAtPercentile(99) / 1000.0,
					all.getValueAtPercentile(99.9) / 1000.0, perSecond((long) connections * requests, elapsed));
		}
		finally {
			threads.shutdownNow();
		}
	}

	/**
	 * One connection pipelines puts; the clock stops once the server confirms the last one.
	 */
	static double putThroughput(Server server, int messages, int size) throws IOException {
		String topic = "throughput-" + topics.incrementAndGet();
		try (QueueClient client = server.connect()) {
			long start = System.nanoTime();
			fill(client, topic, messages, size);
			return perSecond(messages, System.nanoTime() - start);
		}
	}

	/**
	 * The server's resident memory with one client connected that has made one request, once the server has had
	 * five seconds to settle: the JIT compilers finish what start-up gave them, and the JVM trims what they freed.
	 */
	static long idleRss(Server server) throws IOException, InterruptedException {
		try (QueueClient client = server.connect()) {
			client.get("idle-" + topics.incrementAndGet());
			Thread.sleep(5000);
			return server.rss();
		}
	}

	/**
	 * The server's resident memory once it holds the given number of messages.
	 */
	static long heldRss(Server server, int messages, int size) throws IOException {
		try (QueueClient client = server.connect()) {
			fill(client, "held-" + topics.incrementAndGet(), messages, size);
			return server.rss();
		}
	}

	/**
	 * Open {@code connections} connections in one burst, each asking for a message of an empty topic as soon as it is
	 * connected, and count those answered within a minute of the last connect. The server is measured with no client
	 * connected after five quiet seconds, and with every connection still open five seconds after the answers.
	 */
	static Connections connections(Server server, int connections) throws IOException, InterruptedException {
		Thread.sleep(5000);
		long idleRss = server.rss();
		long idleThreads = server.threads();
		try (Crowd crowd = Crowd.open(server, connections, Duration.ofMinutes(1))) {
			Thread.sleep(5000);
			return new Connections(crowd.outcome(), idleRss, server.rss(), idleThreads, server.threads());
		}
	}

	private static void fill(QueueClient client, String topic, int messages, int size) throws IOException {
		for (int i = 0; i < messages; i++) {
			client.put(topic, payload(0, i, size), false);
		}
		String last = client.confirmPuts(topic);
		if (!last.equals(payload(0, messages - 1, size))) {
			throw new IllegalStateException("last message confirmed was " + last);
		}
	}

	/** A message of exactly {@code size} ASCII bytes that names its producer and sequence number. */
	static String payload(int producer, int sequence, int size) {
		StringBuilder message = new StringBuilder(size).append(producer).append(':').append(sequence).append(':');
		while (message.length() < size) {
			message.append('x');
		}
		return message.toString();
	}

	/**
	 * Wait until every task has counted the latch down, or one of them has failed: a connection that could not be
	 * opened ends the run with its reason instead of leaving the others waiting forever.
	 */
	private static void await(CountDownLatch latch, List<? extends Future<?>> tasks) throws Exception {
		while (!latch.await(100, TimeUnit.MILLISECONDS)) {
			for (Future<?> task : tasks) {
				if (task.isDone()) {
					task.get();
				}
			}
		}
	}

	private static double perSecond(long count, long nanos) {
		return count * 1e9 / nanos;
	}

	/**
	 * Opens a connection to a work queue, as the named consumer where the queue names them.
	 */
	@FunctionalInterface
	interface WorkQueueConnector {

		WorkQueueClient connect(String consumer) throws IOException;

	}

	/**
	 * Opens a client connection.
	 */
	@FunctionalInterface
	interface Connector {

		QueueClient connect() throws IOException;

	}

}
