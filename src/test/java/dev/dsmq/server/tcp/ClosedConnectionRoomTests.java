package dev.dsmq.server.tcp;

import java.util.ArrayList;
import java.util.List;

import dev.dsmq.server.TestMeters;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Room in memory ({@code dsmq.max-in-flight-bytes}) that a connection holds, or is waiting for, when the server
 * closes it from another thread is all given back.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.max-in-flight-bytes=64KB", "dsmq.frame-timeout=30s" })
class ClosedConnectionRoomTests {

	private static final int CONNECTIONS = 8;

	private static final int LIMIT = 64 * 1024;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private InFlightBytes inFlight;

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void connectionsClosedByTheServerWhileTheirMessagesWaitForRoomGiveItAllBack() {
		List<RawWebSocket> clients = new ArrayList<>();
		try {
			for (int i = 0; i < CONNECTIONS; i++) {
				RawWebSocket client = RawWebSocket.upgraded(this.connectionFactory.getPort());
				clients.add(client);
				// the first fragment is let in; the second, as large as the limit, waits until nothing else is held
				client.send(RawWebSocket.concat(RawWebSocket.frame(RawWebSocket.TEXT, new byte[4096]),
						RawWebSocket.header(RawWebSocket.FIN | RawWebSocket.CONTINUATION, LIMIT)));
			}
			await().until(() -> this.inFlight.waiting() == CONNECTIONS);
			for (String id : this.connectionFactory.getOpenConnectionIds()) {
				this.connectionFactory.closeConnection(id);
			}
			assertThat(TestMeters.openConnections(this.meterRegistry)).isZero();
			await().until(() -> this.inFlight.waiting() == 0);
			await().until(() -> inFlight() == 0);
		}
		finally {
			clients.forEach(RawWebSocket::close);
		}
	}

	private double inFlight() {
		return this.meterRegistry.get("dsmq.bytes.in-flight").gauge().value();
	}

}
