package dev.dsmq.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * A server in a JVM of its own with a 256 MB heap, flooded with more large requests at once than its heap holds, and
 * with readers of large messages that never read: every request is answered, nothing runs out of memory, and every
 * connection's slot is given back. (With the heap of a test JVM, this would never run out.)
 */
class SmallHeapTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final int CLIENTS = 40;

	private static final int MESSAGE = 8_000_000;

	private static final Pattern PROTOCOL_PORT = Pattern.compile("dsmq listening on 127\\.0\\.0\\.1:(\\d+)");

	private static final Pattern HTTP_PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private final List<String> output = new CopyOnWriteArrayList<>();

	private Process server;

	private int port;

	private ActuatorClient actuator;

	@BeforeEach
	void startServer() throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		this.server = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-Xss512k", "-cp",
				System.getProperty("java.class.path"), DsmqApplication.class.getName(), "--dsmq.port=0",
				"--server.port=0", "--dsmq.write-timeout=5s")
			.redirectErrorStream(true)
			.start();
		CompletableFuture<int[]> ports = new CompletableFuture<>();
		Thread reader = new Thread(() -> readOutput(ports), "small-heap-server-output");
		reader.setDaemon(true);
		reader.start();
		int[] found = ports.orTimeout(120, TimeUnit.SECONDS).join();
		this.port = found[0];
		this.actuator = new ActuatorClient(found[1]);
	}

	private void readOutput(CompletableFuture<int[]> ports) {
		int[] found = { 0, 0 };
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(this.server.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				this.output.add(line);
				Matcher protocol = PROTOCOL_PORT.matcher(line);
				Matcher http = HTTP_PORT.matcher(line);
				if (protocol.find()) {
					found[0] = Integer.parseInt(protocol.group(1));
				}
				if (http.find()) {
					found[1] = Integer.parseInt(http.group(1));
				}
				if (found[0] > 0 && found[1] > 0) {
					ports.complete(found);
				}
			}
		}
		catch (IOException ex) {
			ports.completeExceptionally(ex);
		}
		ports.completeExceptionally(new IllegalStateException("the server ended: " + String.join("\n", this.output)));
	}

	@AfterEach
	void stopServer() throws InterruptedException {
		this.server.destroy();
		if (!this.server.waitFor(30, TimeUnit.SECONDS)) {
			this.server.destroyForcibly();
		}
	}

	@Test
	void moreLargePutsAtOnceThanTheHeapHoldsAreAllStored() {
		String message = "p".repeat(MESSAGE);
		List<CompletableFuture<Map<String, Object>>> acks = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			int id = i;
			acks.add(CompletableFuture.supplyAsync(() -> {
				try (DsmqTestClient writer = connect()) {
					writer.send(Map.of("action", "put", "topic", "large", "message", message, "id", id));
					return writer.readReply();
				}
			}));
		}
		for (int i = 0; i < CLIENTS; i++) {
			assertThat(acks.get(i).join()).containsOnlyKeys("id", "ok", "seq")
				.containsEntry("id", i)
				.containsEntry("ok", true);
		}
		assertServesAndHoldsNoConnectionOpen();
	}

	@Test
	void readersOfLargeMessagesThatNeverReadDoNotExhaustTheHeap() throws IOException {
		List<Socket> stalled = new ArrayList<>();
		try {
			for (int i = 0; i < CLIENTS; i++) {
				Socket socket = new Socket();
				socket.setReceiveBufferSize(4096);
				socket.connect(new InetSocketAddress("127.0.0.1", this.port));
				stalled.add(socket);
			}
			try (DsmqTestClient writer = connect()) {
				writer.send(Map.of("action", "put", "topic", "large", "message", "g".repeat(MESSAGE), "id", 1));
				assertThat(writer.readReply()).containsOnlyKeys("id", "ok", "seq")
					.containsEntry("id", 1)
					.containsEntry("ok", true);
			}
			byte[] get = DsmqTestClient.frame(Map.of("action", "get_latest", "topic", "large"));
			for (Socket socket : stalled) {
				OutputStream out = socket.getOutputStream();
				out.write(get);
				out.flush();
			}
			try (DsmqTestClient other = connect()) {
				other.put("small", "still served");
				assertThat(other.get("small")).isEqualTo("still served");
			}
		}
		finally {
			for (Socket socket : stalled) {
				socket.close();
			}
		}
		assertServesAndHoldsNoConnectionOpen();
	}

	private void assertServesAndHoldsNoConnectionOpen() {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(gauge("dsmq.connections.open")).isZero());
		try (DsmqTestClient client = connect()) {
			client.put("after", "served");
			assertThat(client.get("after")).isEqualTo("served");
		}
		assertThat(this.output).noneMatch((line) -> line.contains("OutOfMemoryError"));
	}

	private double gauge(String name) {
		JsonNode metric = json.readTree(this.actuator.get("/actuator/metrics/" + name).body());
		return metric.at("/measurements/0/value").asDouble();
	}

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.port);
	}

}
