package dev.dsmq.server.tcp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import static org.awaitility.Awaitility.await;

/**
 * Frames that arrive a byte at a time, but whole within {@code dsmq.frame-timeout}, are read and acted on like any
 * other, from many connections at once, while the rest of the server goes on serving.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.frame-timeout=5s" })
class DripFedFramesTests {

	private static final int DRIPPERS = 50;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void framesDripFedWithinTheFrameTimeoutAreAllStoredWhileOthersAreServed() throws IOException {
		double timeouts = TestMeters.rejected(this.meterRegistry, "frame-timeout");
		List<Socket> drippers = new ArrayList<>();
		List<byte[]> frames = new ArrayList<>();
		ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
		try (DsmqTestClient reader = connect()) {
			assertThat(reader.get("dripped")).isEmpty();
			for (int i = 0; i < DRIPPERS; i++) {
				drippers.add(new Socket(InetAddress.getLoopbackAddress(), this.connectionFactory.getPort()));
				frames.add(DsmqTestClient.frame(Map.of("action", "put", "topic", "dripped", "message", "drop " + i)));
			}
			// about 70 bytes a frame, one every 20 ms: each frame takes well over a second and under the timeout
			int[] sent = new int[1];
			drip.scheduleWithFixedDelay(() -> {
				for (int i = 0; i < DRIPPERS; i++) {
					if (sent[0] < frames.get(i).length) {
						write(drippers.get(i), frames.get(i)[sent[0]]);
					}
				}
				sent[0]++;
			}, 0, 20, TimeUnit.MILLISECONDS);
			try (DsmqTestClient writer = connect()) {
				for (int i = 0; i < 50; i++) {
					writer.put("steady-drip", "m" + i);
					assertThat(writer.get("steady-drip")).isEqualTo("m" + i);
				}
			}
			Set<String> dropped = new HashSet<>();
			await().until(() -> {
				String message;
				while (!(message = reader.get("dripped")).isEmpty()) {
					dropped.add(message);
				}
				return dropped.size() == DRIPPERS;
			});
		}
		finally {
			drip.shutdownNow();
			for (Socket socket : drippers) {
				socket.close();
			}
		}
		assertThat(TestMeters.rejected(this.meterRegistry, "frame-timeout"))
			.isEqualTo(timeouts);
	}

	private static void write(Socket socket, byte value) {
		try {
			OutputStream out = socket.getOutputStream();
			out.write(value);
			out.flush();
		}
		catch (IOException ex) {
			throw new IllegalStateException("the server closed a connection that kept within the frame timeout", ex);
		}
	}

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

}
