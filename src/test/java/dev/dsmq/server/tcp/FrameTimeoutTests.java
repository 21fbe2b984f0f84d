package dev.dsmq.server.tcp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
 * {@code dsmq.frame-timeout}: a frame that starts must finish in time, so slow senders cannot hold a connection's
 * thread and buffer for ever.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.frame-timeout=500ms" })
class FrameTimeoutTests {

	private static final String TIMED_OUT = "frame not complete after 500 ms (dsmq.frame-timeout)";

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void frameThatStopsHalfwayGetsAnErrorFrameAndIsClosed() {
		double before = timeouts();
		try (DsmqTestClient client = connect()) {
			byte[] frame = DsmqTestClient.frame(Map.of("action", "get", "topic", "half"));
			client.sendRaw(Arrays.copyOf(frame, 30));
			assertThat(client.readReply()).containsExactly(entry("message", ""), entry("error", TIMED_OUT));
			assertThat(client.isClosedByServer()).isTrue();
		}
		assertThat(timeouts() - before).isEqualTo(1);
	}

	@Test
	void dribblingConnectionsDoNotHoldUpOthersAndAreClosedByTheFrameTimeout() throws IOException {
		byte[] frame = DsmqTestClient.frame(("{\"action\": \"put\", \"topic\": \"dribble\", \"message\": \""
				+ "x".repeat(100) + "\"}").getBytes(StandardCharsets.US_ASCII));
		List<Socket> dribblers = new ArrayList<>();
		ScheduledExecutorService dribble = Executors.newSingleThreadScheduledExecutor();
		try {
			// the bytes that tell the generation arrive at once, so that the frame's reply can be framed however
			// late the dribbling gets on a busy machine; the rest of the frame comes a byte every 20 ms
			int told = "{\"msg_length\": ".length();
			for (int i = 0; i < 50; i++) {
				Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.connectionFactory.getPort());
				dribblers.add(socket);
				socket.getOutputStream().write(frame, 0, told);
			}
			int[] sent = { told };
			dribble.scheduleWithFixedDelay(() -> {
				for (Socket socket : dribblers) {
					write(socket, frame[sent[0] % frame.length]);
				}
				sent[0]++;
			}, 0, 20, TimeUnit.MILLISECONDS);
			try (DsmqTestClient reader = connect(); DsmqTestClient writer = connect()) {
				for (int i = 0; i < 100; i++) {
					writer.put("steady", "m" + i);
					assertThat(writer.get("steady")).as("the put has landed").isEqualTo("m" + i);
					assertThat(reader.get("steady")).isEqualTo("m" + i);
				}
			}
			for (Socket socket : dribblers) {
				byte[] reply = socket.getInputStream().readAllBytes();
				assertThat(new String(reply, StandardCharsets.UTF_8)).endsWith("\"error\": \"" + TIMED_OUT + "\"}");
			}
			assertThat(reader("dribble")).isEmpty();
		}
		finally {
			dribble.shutdownNow();
			for (Socket socket : dribblers) {
				socket.close();
			}
		}
		await().until(() -> TestMeters.openConnections(this.meterRegistry) == 0);
	}

	private String reader(String topic) {
		try (DsmqTestClient client = connect()) {
			return client.getLatest(topic);
		}
	}

	private static void write(Socket socket, byte value) {
		try {
			OutputStream out = socket.getOutputStream();
			out.write(value);
			out.flush();
		}
		catch (IOException ex) {
			// closed by the server, as expected
		}
	}

	private double timeouts() {
		return TestMeters.rejected(this.meterRegistry, "frame-timeout");
	}

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

}
