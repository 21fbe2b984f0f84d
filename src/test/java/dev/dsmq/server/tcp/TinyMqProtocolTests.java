package dev.dsmq.server.tcp;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.dsmq.server.DsmqTestClient;
import dev.dsmq.server.JdkWebSocketClient;
import dev.dsmq.server.TinyMqTestClient;
import dev.dsmq.server.TinyMqTestClient.Closed;
import dev.dsmq.server.TinyMqTestClient.Content;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * tinyMQ on the protocol port, through the JDK's own WebSocket client with protobuf messages built from the
 * project's {@code tinymq.proto}: producers and the one consumer of a topic, and the same topics as dsmq clients
 * see them.
 */
@SpringBootTest(properties = "dsmq.port=0")
class TinyMqProtocolTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private OpenConnections openConnections;

	@Autowired
	private MeterRegistry meterRegistry;

	private int port() {
		return this.connectionFactory.getPort();
	}

	@Test
	void producerAndConsumerAreOpenedWithConnStatus1000() {
		try (TinyMqTestClient producer = TinyMqTestClient.connect(port(), "tmq-open");
				TinyMqTestClient consumer = TinyMqTestClient.connect(port(), "tmq-open")) {
			assertThat(producer.init(TinyMqTestClient.PRODUCER)).isEqualTo(1000);
			assertThat(consumer.init(TinyMqTestClient.CONSUMER)).isEqualTo(1000);
		}
	}

	@Test
	void writesAreAcknowledgedWithTheClientsOwnIdsOnceStored() {
		try (DsmqTestClient reader = DsmqTestClient.connect(port());
				TinyMqTestClient producer = TinyMqTestClient.producer(port(), "tmq-acks")) {
			assertThat(List.of(producer.write(0, "zero"), producer.write(4294967295L, "max"),
					producer.write(4294967295L, "again"), producer.write(2147483648L, "sign bit")))
				.containsExactly(0L, 4294967295L, 4294967295L, 2147483648L);
			// acknowledged once stored: a reader connected before the writes finds every one of them
			assertThat(List.of(reader.get("tmq-acks"), reader.get("tmq-acks"), reader.get("tmq-acks"),
					reader.get("tmq-acks"), reader.get("tmq-acks")))
				.containsExactly("zero", "max", "again", "sign bit", "");
		}
	}

	@Test
	void consumerPollsTakeMessagesFirstInFirstOutWithTheProducersIds() {
		try (TinyMqTestClient producer = TinyMqTestClient.producer(port(), "tmq-fifo")) {
			producer.write(10, "one");
			producer.write(4294967295L, "two");
			producer.write(0, "three");
			try (TinyMqTestClient consumer = TinyMqTestClient.consumer(port(), "tmq-fifo")) {
				assertThat(List.of(consumer.poll(), consumer.poll(), consumer.poll()))
					.extracting(Content::id, Content::status, Content::text)
					.containsExactly(tuple(10L, 2000L, "one"),
							tuple(4294967295L, 2000L, "two"),
							tuple(0L, 2000L, "three"));
				Content empty = consumer.poll();
				assertThat(empty.status()).isEqualTo(2001);
				producer.write(11, "four");
				assertThat(consumer.poll()).extracting(Content::id, Content::text).containsExactly(11L, "four");
			}
		}
	}

	@Test
	void emptyPollIsAnsweredWithTheBytesOfTinyMqsOwnServer() {
		try (TinyMqTestClient consumer = TinyMqTestClient.consumer(port(), "tmq-empty")) {
			consumer.sendPoll();
			assertThat(HexFormat.of().formatHex(consumer.readBinary()))
				.isEqualTo("0d00000000" + "15d1070000" + "1a0100");
		}
	}

	@Test
	void messageTakenByAConsumerIsNotTakenAgain() {
		try (TinyMqTestClient producer = TinyMqTestClient.producer(port(), "tmq-once")) {
			producer.write(1, "only once");
			try (TinyMqTestClient first = TinyMqTestClient.consumer(port(), "tmq-once")) {
				assertThat(first.poll().text()).isEqualTo("only once");
			}
			awaitNoConsumerOf("tmq-once");
			try (TinyMqTestClient second = TinyMqTestClient.consumer(port(), "tmq-once")) {
				assertThat(second.poll().status()).isEqualTo(2001);
			}
		}
	}

	@Test
	void secondConsumerOfATopicGets4000AndIsClosedWhileOtherTopicsTakeTheirOwn() {
		double before = rejected("topic-has-consumer");
		try (TinyMqTestClient first = TinyMqTestClient.consumer(port(), "tmq-exclusive");
				TinyMqTestClient second = TinyMqTestClient.connect(port(), "tmq-exclusive");
				TinyMqTestClient elsewhere = TinyMqTestClient.connect(port(), "tmq-exclusive-2")) {
			assertThat(second.init(TinyMqTestClient.CONSUMER)).isEqualTo(4000);
			assertThat(second.closed()).isEqualTo(new Closed(1000, "topic-has-consumer"));
			assertThat(elsewhere.init(TinyMqTestClient.CONSUMER)).isEqualTo(1000);
			assertThat(first.poll().status()).isEqualTo(2001);
		}
		assertThat(rejected("topic-has-consumer") - before).isEqualTo(1);
	}

	@Test
	void consumersSlotIsFreeOnceItsConnectionHasEnded() {
		TinyMqTestClient first = TinyMqTestClient.consumer(port(), "tmq-freed");
		first.close();
		awaitNoConsumerOf("tmq-freed");
		try (TinyMqTestClient next = TinyMqTestClient.connect(port(), "tmq-freed")) {
			assertThat(next.init(TinyMqTestClient.CONSUMER)).isEqualTo(1000);
		}
	}

	@Test
	void ofConsumersConnectingAtOnceExactlyOneGetsTheTopic() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			for (int round = 0; round < 10; round++) {
				String topic = "tmq-race-" + round;
				List<TinyMqTestClient> clients = new ArrayList<>();
				for (int i = 0; i < 4; i++) {
					clients.add(TinyMqTestClient.connect(port(), topic));
				}
				CountDownLatch start = new CountDownLatch(1);
				List<CompletableFuture<Long>> statuses = new ArrayList<>();
				for (TinyMqTestClient client : clients) {
					statuses.add(CompletableFuture.supplyAsync(() -> {
						awaitQuietly(start);
						return client.init(TinyMqTestClient.CONSUMER);
					}, executor));
				}
				start.countDown();
				List<Long> answered = statuses.stream().map(CompletableFuture::join).toList();
				assertThat(answered).as("round %d", round).containsOnly(1000L, 4000L).containsOnlyOnce(1000L);
				TinyMqTestClient winner = clients.get(answered.indexOf(1000L));
				assertThat(winner.poll().status()).isEqualTo(2001);
				clients.forEach(TinyMqTestClient::close);
				awaitNoConsumerOf(topic);
				try (TinyMqTestClient next = TinyMqTestClient.connect(port(), topic)) {
					assertThat(next.init(TinyMqTestClient.CONSUMER)).isEqualTo(1000);
				}
			}
		}
		finally {
			executor.shutdownNow();
			assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void tinyMqWriteIsReadByDsmq07And1xReaders() {
		String text = "h\u00e9llo \"tiny\" \\ \n\u65e5\u672c \ud83d\ude00";
		try (DsmqTestClient framed = DsmqTestClient.connect(port());
				JdkWebSocketClient websocket = JdkWebSocketClient.connect(port());
				TinyMqTestClient producer = TinyMqTestClient.producer(port(), "tmq-cross")) {
			assertThat(producer.write(4294967295L, text)).isEqualTo(4294967295L);
			assertThat(framed.get("tmq-cross")).isEqualTo(text);
			websocket.send(Map.of("action", "get", "topic", "tmq-cross", "meta", true));
			Map<String, Object> read = websocket.readReply();
			assertThat(read).containsEntry("message", text)
				.containsEntry("headers", Map.of("tinymq-id", "4294967295"));
		}
	}

	@Test
	void dsmqPutsReachATinyMqConsumerWithTheLow32BitsOfTheirSequenceNumbers() {
		try (DsmqTestClient writer = DsmqTestClient.connect(port());
				JdkWebSocketClient websocket = JdkWebSocketClient.connect(port())) {
			writer.send(Map.of("action", "put", "topic", "tmq-from-dsmq", "message", "from 0.7", "id", 1));
			Map<String, Object> stored = writer.readReply();
			assertThat(stored).containsEntry("ok", true);
			long sequence = ((Number) stored.get("seq")).longValue();
			writer.send(Map.of("action", "put", "topic", "tmq-from-dsmq", "message", Map.of("n", List.of(1, 2)),
					"id", 2));
			assertThat(writer.readReply()).containsEntry("ok", true);
			websocket.send(Map.of("action", "put", "topic", "tmq-from-dsmq", "message", "from 1.x", "id", 3));
			assertThat(websocket.readReply()).containsEntry("ok", true);
			try (TinyMqTestClient consumer = TinyMqTestClient.consumer(port(), "tmq-from-dsmq")) {
				Content first = consumer.poll();
				assertThat(first.id()).isEqualTo(sequence & 0xFFFF_FFFFL);
				assertThat(first.text()).isEqualTo("from 0.7");
				// a message that is not a JSON string goes as its JSON text, as the writer encoded it
				assertThat(consumer.poll().text()).isEqualTo("{\"n\":[1,2]}");
				assertThat(consumer.poll().text()).isEqualTo("from 1.x");
				assertThat(consumer.poll().status()).isEqualTo(2001);
			}
		}
	}

	@Test
	void dsmqReadersAndWorkQueueGroupsGoOnAsTheyDoWhileTinyMqConsumersTake() {
		try (DsmqTestClient reader = DsmqTestClient.connect(port());
				TinyMqTestClient producer = TinyMqTestClient.producer(port(), "tmq-beside");
				TinyMqTestClient consumer = TinyMqTestClient.consumer(port(), "tmq-beside")) {
			producer.write(1, "shared");
			assertThat(consumer.poll().text()).isEqualTo("shared");
			assertThat(reader.get("tmq-beside")).isEqualTo("shared");
			reader.send(Map.of("action", "pop", "topic", "tmq-beside", "group", "workers"));
			assertThat(reader.readReply()).containsEntry("message", "shared");
		}
	}

	@Test
	void pathIsThePercentDecodedTopicTheClientWasGiven() {
		try (DsmqTestClient reader = DsmqTestClient.connect(port());
				TinyMqTestClient producer = TinyMqTestClient.connectToPath(port(),
						"tmq-caf%C3%A9%20au%20lait/menu?day=1")) {
			assertThat(producer.init(TinyMqTestClient.PRODUCER)).isEqualTo(1000);
			producer.write(1, "cr\u00e8me");
			assertThat(reader.get("tmq-caf\u00e9 au lait/menu?day=1")).isEqualTo("cr\u00e8me");
		}
	}

	@Test
	void openConnectionsShowTheirRoleAndTopicAndGeneration() {
		try (TinyMqTestClient producer = TinyMqTestClient.producer(port(), "tmq-listed");
				TinyMqTestClient consumer = TinyMqTestClient.consumer(port(), "tmq-listed");
				TinyMqTestClient unopened = TinyMqTestClient.connect(port(), "tmq-listed");
				JdkWebSocketClient dsmq = JdkWebSocketClient.connect(port())) {
			assertThat(dsmq.get("tmq-listed")).isEqualTo("");
			await().untilAsserted(() -> assertThat(this.openConnections.connections())
				.filteredOn((connection) -> "tmq-listed".equals(connection.topic()))
				.extracting(OpenConnections.Summary::generation, OpenConnections.Summary::role)
				.containsExactlyInAnyOrder(tuple("tinymq", "producer"),
						tuple("tinymq", "consumer"),
						tuple("tinymq", null)));
			assertThat(this.openConnections.connections()).filteredOn((connection) -> connection.topic() == null)
				.extracting(OpenConnections.Summary::generation)
				.doesNotContain("tinymq");
			assertThat(this.meterRegistry.get("dsmq.connections.open").tag("generation", "tinymq").gauge().value())
				.isGreaterThanOrEqualTo(3);
		}
	}

	private void awaitNoConsumerOf(String topic) {
		await().until(() -> this.openConnections.connections()
			.stream()
			.noneMatch((connection) -> topic.equals(connection.topic()) && "consumer".equals(connection.role())));
	}

	private double rejected(String reason) {
		return TinyMqTestClient.rejected(this.meterRegistry, reason);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
