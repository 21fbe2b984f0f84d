package dev.dsmq.server.tcp;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import dev.dsmq.server.DsmqTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Competing consumers of one work-queue group, each on a connection of its own, while writers pipeline puts: every
 * message is processed exactly once when the consumers delete what they claim, and at least once when some consumers
 * drop their connection holding a claim, whose visibility then runs out.
 */
@SpringBootTest(properties = "dsmq.port=0")
class WorkQueueConcurrencyTests {

	private static final int WRITERS = 8;

	private static final int PUTS_PER_WRITER = 1_000;

	private static final int CONSUMERS = 4;

	private static final int MESSAGES = WRITERS * PUTS_PER_WRITER;

	/** Every this many claims, a consumer that crashes drops its connection instead of deleting. */
	private static final int CRASH_EVERY = 25;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final List<DsmqTestClient> clients = new ArrayList<>();

	/** By message, how many times a consumer processed it (claimed it and deleted it). */
	private final Map<String, Integer> processed = new ConcurrentHashMap<>();

	/** By message, the retrieval count it had when it was processed last. */
	private final Map<String, Integer> retrievals = new ConcurrentHashMap<>();

	/** The messages whose claim a consumer abandoned by dropping its connection. */
	private final Set<String> abandoned = ConcurrentHashMap.newKeySet();

	@AfterEach
	void closeClients() {
		synchronized (this.clients) {
			this.clients.forEach(DsmqTestClient::close);
		}
		this.threads.shutdownNow();
	}

	@Test
	void everyMessageIsProcessedExactlyOnceByConsumersThatDelete() {
		List<CompletableFuture<Void>> consumers = IntStream.range(0, CONSUMERS)
			.mapToObj((consumer) -> CompletableFuture.runAsync(() -> consume("once", 60, false), this.threads))
			.toList();
		write("once");
		consumers.forEach(CompletableFuture::join);
		assertThat(this.processed).hasSize(MESSAGES).allSatisfy((message, times) -> assertThat(times).isOne());
		assertThat(this.retrievals.values()).containsOnly(1);
	}

	@Test
	void everyMessageIsProcessedAtLeastOnceWhenConsumersDropTheirConnectionHoldingAClaim() {
		List<CompletableFuture<Void>> consumers = IntStream.range(0, CONSUMERS)
			.mapToObj((consumer) -> CompletableFuture.runAsync(() -> consume("crashes", 0.5, consumer < 2),
					this.threads))
			.toList();
		write("crashes");
		consumers.forEach(CompletableFuture::join);
		assertThat(this.processed).hasSize(MESSAGES).allSatisfy((message, times) -> assertThat(times).isPositive());
		assertThat(this.abandoned).isNotEmpty()
			.allSatisfy((message) -> assertThat(this.retrievals.get(message)).isGreaterThan(1));
	}

	/**
	 * Claim, process and delete until every message has been processed; a consumer that crashes drops its
	 * connection every {@link #CRASH_EVERY} claims instead of deleting, and connects again. The deadline only turns a
	 * lost message into a failure instead of a hang.
	 */
	private void consume(String topic, double visibility, boolean crashes) {
		DsmqTestClient client = connect();
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		int claims = 0;
		while (this.processed.size() < MESSAGES) {
			assertThat(System.nanoTime()).as("%d of %d messages processed before the deadline", this.processed.size(),
					MESSAGES)
				.isLessThan(deadline);
			Map<String, Object> reply = WorkQueueProtocolTests.get(client, topic, "workers", "wait", 0.2,
					"visibility", visibility);
			if (!reply.containsKey("seq")) {
				continue;
			}
			String message = (String) reply.get("message");
			if (crashes && ++claims % CRASH_EVERY == 0) {
				this.abandoned.add(message);
				client.close();
				client = connect();
				continue;
			}
			this.retrievals.put(message, (Integer) reply.get("retrieval_count"));
			this.processed.merge(message, 1, Integer::sum);
			client.send(Map.of("action", "delete", "topic", topic, "group", "workers", "seq", reply.get("seq")));
		}
	}

	/**
	 * Pipeline every writer's puts at once, each writer on a connection of its own.
	 */
	private void write(String topic) {
		IntStream.range(0, WRITERS)
			.mapToObj((writer) -> CompletableFuture.runAsync(() -> connect().sendRaw(puts(topic, writer)),
					this.threads))
			.toList()
			.forEach(CompletableFuture::join);
	}

	private static byte[] puts(String topic, int writer) {
		ByteArrayOutputStream frames = new ByteArrayOutputStream();
		for (int i = 0; i < PUTS_PER_WRITER; i++) {
			frames.writeBytes(DsmqTestClient.frame(Map.of("action", "put", "topic", topic, "message",
					"w" + writer + "-" + i)));
		}
		return frames.toByteArray();
	}

	private DsmqTestClient connect() {
		DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort());
		synchronized (this.clients) {
			this.clients.add(client);
		}
		return client;
	}

}
