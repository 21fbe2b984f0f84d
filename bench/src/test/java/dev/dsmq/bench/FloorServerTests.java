package dev.dsmq.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The floor as the benchmark starts it, in a JVM of its own, driven over its socket by the benchmark's own clients:
 * it must keep what the benchmark checks of dsmq.
 */
class FloorServerTests {

	private static Server floor;

	@BeforeAll
	static void start() throws Exception {
		floor = Server.floor(List.of());
	}

	@AfterAll
	static void stop() throws Exception {
		floor.close();
	}

	@Test
	void aConnectionReadsWhatWasPutAfterItConnectedInOrder() throws IOException {
		try (QueueClient writer = floor.connect()) {
			writer.put("order", "before", false);
			writer.confirmPuts("order");
			try (QueueClient reader = floor.connect(); QueueClient other = floor.connect()) {
				// a connection's position is taken once the server serves it, which a first request waits for
				assertThat(reader.get("order")).isEmpty();
				assertThat(other.get("order")).isEmpty();
				for (int i = 0; i < 100; i++) {
					writer.put("order", "m" + i, i % 10 == 9);
				}
				assertThat(writer.confirmPuts("order")).isEqualTo("m99");
				for (QueueClient client : List.of(reader, other)) {
					List<String> read = new ArrayList<>();
					for (String message = client.get("order"); !message.isEmpty(); message = client.get("order")) {
						read.add(message);
					}
					assertThat(read).hasSize(100).startsWith("m0", "m1").endsWith("m98", "m99");
				}
			}
		}
	}

	@Test
	void getLatestReturnsTheNewestAndPassesTheOlderOnes() throws IOException {
		try (QueueClient reader = floor.connect(); QueueClient writer = floor.connect()) {
			assertThat(reader.confirmPuts("latest")).isEmpty();
			writer.put("latest", "one", false);
			writer.put("latest", "two", false);
			writer.confirmPuts("latest");
			assertThat(reader.confirmPuts("latest")).isEqualTo("two");
			assertThat(reader.get("latest")).isEmpty();
			writer.put("latest", "three", true);
			writer.confirmPuts("latest");
			assertThat(reader.get("latest")).isEqualTo("three");
		}
	}

	@Test
	void aCrowdOfConnectionsOpenedAtOnceIsEachAnswered() throws IOException {
		try (Crowd crowd = Crowd.open(floor, 200, Duration.ofSeconds(30))) {
			assertThat(crowd.outcome().answered()).isEqualTo(200);
			assertThat(crowd.outcome().notAnswered()).isZero();
		}
	}

	@Test
	void aFrameInTwoWritesIsAnswered() throws IOException {
		try (QueueClient writer = floor.connect(); QueueClient split = floor.connectSplit()) {
			assertThat(split.get("split")).isEmpty();
			writer.put("split", "whole", true);
			writer.confirmPuts("split");
			assertThat(split.get("split")).isEqualTo("whole");
		}
	}

	@Test
	void aGroupTakesEveryMessageOnceFromTheOldestHeld() throws IOException {
		try (WorkQueueClient producer = floor.connectWorkQueue("producer")) {
			for (int i = 0; i < 10; i++) {
				producer.put("work", "w" + i, false);
			}
			producer.confirmPuts("work");
			try (WorkQueueClient claiming = floor.connectWorkQueue("a");
					WorkQueueClient popping = floor.connectWorkQueue("b")) {
				List<String> taken = new ArrayList<>();
				for (int i = 0; i < 5; i++) {
					taken.add(claiming.take("work", "g", false));
					taken.add(popping.take("work", "g", true));
				}
				assertThat(taken).containsExactly("w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9");
				assertThat(claiming.take("work", "g", false)).isNull();
				assertThat(popping.take("work", "g", true)).isNull();
				assertThat(claiming.take("work", "other", true)).isEqualTo("w0");
			}
		}
	}

	@Test
	void aGetWithoutATopicIsRefusedAndTheConnectionStaysOpen() throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", floorPort()), 10_000);
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			DataInputStream in = new DataInputStream(socket.getInputStream());
			out.write(DsmqClient.frame("{\"action\": \"get\"}"));
			assertThat(new String(DsmqClient.readBody(in, new byte[23]), StandardCharsets.UTF_8))
				.startsWith("{\"message\": \"\", \"error\": ");
			out.write(DsmqClient.frame("{\"action\": \"get\", \"topic\": \"refused\"}"));
			assertThat(new String(DsmqClient.readBody(in, new byte[23]), StandardCharsets.UTF_8))
				.isEqualTo("{\"message\": \"\"}");
		}
	}

	@Test
	void aBadHeaderClosesTheConnection() throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", floorPort()), 10_000);
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write("{\"msg_length\": 12x4567}".getBytes(StandardCharsets.US_ASCII));
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
	}

	private static int floorPort() {
		return floor.port();
	}

}
