package dev.dsmq.server.tcp;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
import static org.assertj.core.api.Assertions.entry;

/**
 * Many writers pipelining puts to one topic while many readers poll it: every reader gets every message exactly once,
 * and each writer's messages in the order that writer sent them.
 */
@SpringBootTest(properties = "dsmq.port=0")
class ConcurrentDeliveryTests {

	private static final int WRITERS = 8;

	private static final int PUTS_PER_WRITER = 5_000;

	private static final int READERS = 4;

	private static final int MESSAGES = WRITERS * PUTS_PER_WRITER;

	/** Gets sent in one write before their replies are read, so that readers are not slowed by a round trip each. */
	private static final int GETS_PER_WRITE = 100;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final List<DsmqTestClient> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(DsmqTestClient::close);
		this.threads.shutdownNow();
	}

	@Test
	void everyReaderGetsEveryMessageOnceAndInEachWritersOrder() {
		List<CompletableFuture<List<String>>> reads = startReaders("no-loss");
		List<CompletableFuture<Void>> writes = IntStream.range(0, WRITERS)
			.mapToObj((writer) -> CompletableFuture.runAsync(() -> connect().sendRaw(puts("no-loss", writer, false)),
					this.threads))
			.toList();
		writes.forEach(CompletableFuture::join);
		reads.forEach((read) -> assertEveryMessageOnceInEachWritersOrder(read.join()));
	}

	@Test
	void everyReaderGetsEveryAcknowledgedMessageOnceAndInEachWritersOrder() {
		List<CompletableFuture<List<String>>> reads = startReaders("no-loss-acked");
		List<CompletableFuture<List<Map<String, Object>>>> acks = new ArrayList<>();
		List<CompletableFuture<Void>> writes = new ArrayList<>();
		for (int writer = 0; writer < WRITERS; writer++) {
			DsmqTestClient client = connect();
			// acknowledgements are read while the puts go out, or both sides would fill their buffers and stall
			acks.add(CompletableFuture.supplyAsync(
					() -> IntStream.range(0, PUTS_PER_WRITER).mapToObj((i) -> client.readReply()).toList(), this.threads));
			byte[] puts = puts("no-loss-acked", writer, true);
			writes.add(CompletableFuture.runAsync(() -> client.sendRaw(puts), this.threads));
		}
		writes.forEach(CompletableFuture::join);
		for (CompletableFuture<List<Map<String, Object>>> writerAcks : acks) {
			List<Map<String, Object>> replies = writerAcks.join();
			for (int i = 0; i < PUTS_PER_WRITER; i++) {
				assertThat(replies.get(i)).containsOnlyKeys("id", "ok", "seq")
					.containsEntry("id", i)
					.containsEntry("ok", true);
			}
		}
		reads.forEach((read) -> assertEveryMessageOnceInEachWritersOrder(read.join()));
	}

	/**
	 * Connect the readers and make sure the server has accepted each, so that none starts after the first put.
	 */
	private List<CompletableFuture<List<String>>> startReaders(String topic) {
		List<CompletableFuture<List<String>>> reads = new ArrayList<>();
		for (int i = 0; i < READERS; i++) {
			DsmqTestClient reader = connect();
			assertThat(reader.get(topic)).isEmpty();
			reads.add(CompletableFuture.supplyAsync(() -> readAll(reader, topic), this.threads));
		}
		return reads;
	}

	private static void assertEveryMessageOnceInEachWritersOrder(List<String> received) {
		assertThat(received).hasSize(MESSAGES).doesNotHaveDuplicates();
		for (int writer = 0; writer < WRITERS; writer++) {
			String prefix = "w" + writer + "-";
			assertThat(received.stream().filter((message) -> message.startsWith(prefix)))
				.as("messages of writer %d in the order sent", writer)
				.containsExactlyElementsOf(IntStream.range(0, PUTS_PER_WRITER).mapToObj((i) -> prefix + i).toList());
		}
	}

	private static byte[] puts(String topic, int writer, boolean acknowledged) {
		ByteArrayOutputStream frames = new ByteArrayOutputStream();
		for (int i = 0; i < PUTS_PER_WRITER; i++) {
			Map<String, Object> put = new LinkedHashMap<>();
			put.put("action", "put");
			put.put("topic", topic);
			put.put("message", "w" + writer + "-" + i);
			if (acknowledged) {
				put.put("id", i);
			}
			frames.writeBytes(DsmqTestClient.frame(put));
		}
		return frames.toByteArray();
	}

	/**
	 * Read with {@code get} until every message has arrived. The deadline only turns a lost message into a failure
	 * instead of a hang.
	 */
	private static List<String> readAll(DsmqTestClient reader, String topic) {
		byte[] gets = new byte[0];
		for (int i = 0; i < GETS_PER_WRITE; i++) {
			gets = concat(gets, DsmqTestClient.frame(Map.of("action", "get", "topic", topic)));
		}
		List<String> received = new ArrayList<>(MESSAGES);
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (received.size() < MESSAGES) {
			assertThat(System.nanoTime()).as("%d of %d messages read before the deadline", received.size(), MESSAGES)
				.isLessThan(deadline);
			reader.sendRaw(gets);
			for (int i = 0; i < GETS_PER_WRITE; i++) {
				String message = (String) reader.readReply().get("message");
				if (!message.isEmpty()) {
					received.add(message);
				}
			}
		}
		return received;
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = new byte[first.length + second.length];
		System.arraycopy(first, 0, both, 0, first.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

	private DsmqTestClient connect() {
		DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort());
		synchronized (this.clients) {
			this.clients.add(client);
		}
		return client;
	}

}
