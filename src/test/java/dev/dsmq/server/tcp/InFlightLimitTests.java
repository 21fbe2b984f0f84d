package dev.dsmq.server.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.dsmq.server.TestMeters;
import dev.dsmq.server.DsmqTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * {@code dsmq.max-in-flight-bytes}: bodies wait for room in memory before they are read, messages before they are read
 * from the store, and a peer that does not read its reply gives its room back after {@code dsmq.write-timeout}.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.max-in-flight-bytes=1MB", "dsmq.frame-timeout=1s",
		"dsmq.write-timeout=3s" })
class InFlightLimitTests {

	private static final int MEBIBYTE = 1024 * 1024;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void putsThatTogetherExceedTheLimitWaitForRoomAndAreAllStored() {
		try (DsmqTestClient reader = connect()) {
			assertThat(reader.get("together")).isEmpty();
			List<CompletableFuture<Map<String, Object>>> acks = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				int id = i;
				acks.add(CompletableFuture.supplyAsync(() -> {
					try (DsmqTestClient writer = connect()) {
						writer.send(Map.of("action", "put", "topic", "together", "message", "x".repeat(400_000),
								"id", id));
						return writer.readReply();
					}
				}));
			}
			for (int i = 0; i < 8; i++) {
				assertThat(acks.get(i).join()).containsOnlyKeys("id", "ok", "seq")
					.containsEntry("id", i)
					.containsEntry("ok", true);
			}
			for (int i = 0; i < 8; i++) {
				assertThat(reader.get("together")).hasSize(400_000);
			}
		}
		await().until(() -> inFlight() == 0);
	}

	@Test
	void aPeerThatDoesNotReadMakesOthersWaitUntilTheWriteTimeoutClosesIt() throws IOException {
		double bodiesRefused = rejected("in-flight-limit");
		double readsRefused = rejected("no-room-for-reply");
		double stalledWrites = rejected("write-timeout");
		try (Socket stalled = new Socket(); DsmqTestClient reader = connect(); DsmqTestClient writer = connect()) {
			stalled.setReceiveBufferSize(4096);
			stalled.connect(new InetSocketAddress("127.0.0.1", this.connectionFactory.getPort()));
			// a message larger than the limit is let in while nothing else is in flight
			String big = "b".repeat(8 * MEBIBYTE);
			writer.send(Map.of("action", "put", "topic", "stalled", "message", big, "id", 1));
			assertThat(writer.readReply()).containsOnlyKeys("id", "ok", "seq")
				.containsEntry("id", 1)
				.containsEntry("ok", true);
			OutputStream out = stalled.getOutputStream();
			out.write(DsmqTestClient.frame(Map.of("action", "get_latest", "topic", "stalled")));
			out.flush();
			await().until(() -> inFlight() >= 8 * MEBIBYTE);

			try (DsmqTestClient waiter = connect()) {
				waiter.send(Map.of("action", "put", "topic", "stalled", "message", "w".repeat(100_000), "id", 2));
				assertThat(waiter.readReply()).containsEntry("message", "")
					.hasEntrySatisfying("error", (error) -> assertThat((String) error).startsWith(
							"no room for a body of ").endsWith("(dsmq.max-in-flight-bytes)"));
				assertThat(waiter.isClosedByServer()).isTrue();
			}
			reader.send(Map.of("action", "get", "topic", "stalled", "id", 3));
			assertThat(reader.readReply()).containsKey("error").containsEntry("id", 3);

			InputStream in = stalled.getInputStream();
			await().atMost(Duration.ofSeconds(15)).until(() -> rejected("write-timeout") == stalledWrites + 1);
			assertThat(in.readAllBytes().length).isLessThan(8 * MEBIBYTE);
			await().until(() -> inFlight() == 0);
			reader.send(Map.of("action", "get", "topic", "stalled", "id", 4));
			assertThat(reader.readReply()).containsEntry("id", 4).containsEntry("message", big);
		}
		assertThat(rejected("in-flight-limit")).isEqualTo(bodiesRefused + 1);
		assertThat(rejected("no-room-for-reply")).isEqualTo(readsRefused + 1);
	}

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

	private double inFlight() {
		return this.meterRegistry.get("dsmq.bytes.in-flight").gauge().value();
	}

	private double rejected(String reason) {
		return TestMeters.rejected(this.meterRegistry, reason);
	}

}
