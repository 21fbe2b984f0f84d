package dev.dsmq.server.tcp;

import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.Map;

import dev.dsmq.server.BareJsonClient;
import dev.dsmq.server.DsmqTestClient;
import dev.dsmq.server.TestMeters;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The frame and idle timeouts count the peer's time, never the server's: a request begun behind one that waits, and
 * a connection that never sends its first byte.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.idle-timeout=300ms", "dsmq.frame-timeout=1s" })
class TimeoutAcrossBatchesTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void connectionSilentFromTheStartIsClosedByTheIdleTimeout() throws Exception {
		double idle = TestMeters.rejected(this.meterRegistry, "idle-timeout");
		double frame = TestMeters.rejected(this.meterRegistry, "frame-timeout");
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.connectionFactory.getPort())) {
			socket.setSoTimeout(10_000);
			assertThat(socket.getInputStream().readAllBytes()).isEmpty();
		}
		assertThat(TestMeters.rejected(this.meterRegistry, "idle-timeout") - idle).isEqualTo(1);
		assertThat(TestMeters.rejected(this.meterRegistry, "frame-timeout") - frame).isZero();
	}

	@Test
	void bareJsonRequestBegunBehindAWaitingReadHasTheWholeFrameTimeoutAfterIt() {
		try (BareJsonClient client = BareJsonClient.connect(this.connectionFactory.getPort())) {
			// the wait outlasts the frame timeout; the put's first bytes arrive with it
			client.sendRaw("{\"action\": \"get\", \"topic\": \"behind\", \"wait\": 2}{\"action\": \"put\"");
			assertThat(client.readReply()).containsExactly(entry("message", ""));
			client.sendRaw(", \"topic\": \"behind\", \"message\": \"x\"}{\"action\": \"get\", \"topic\": \"behind\"}");
			assertThat(client.readReply()).containsExactly(entry("message", "x"));
		}
	}

	@Test
	void framedRequestBegunBehindAWaitingReadHasTheWholeFrameTimeoutAfterIt() {
		try (DsmqTestClient client = DsmqTestClient
			.connect(this.connectionFactory.getPort())) {
			byte[] get = DsmqTestClient.frame(Map.of("action", "get", "topic", "f", "wait", 2));
			byte[] put = DsmqTestClient.frame(Map.of("action", "put", "topic", "f", "message", "x"));
			byte[] first = new byte[get.length + 10];
			System.arraycopy(get, 0, first, 0, get.length);
			System.arraycopy(put, 0, first, get.length, 10);
			client.sendRaw(first);
			assertThat(client.readReply()).containsExactly(entry("message", ""));
			client.sendRaw(Arrays.copyOfRange(put, 10, put.length));
			client.send(Map.of("action", "get", "topic", "f"));
			assertThat(client.readReply()).containsExactly(entry("message", "x"));
		}
	}

}
