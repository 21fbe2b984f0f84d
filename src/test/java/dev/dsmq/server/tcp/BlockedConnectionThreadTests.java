package dev.dsmq.server.tcp;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.dsmq.server.DsmqTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A connection's thread that waits, for its peer's next request, for its peer to read a reply, or for room in memory,
 * holds no monitor while it does: on JDK 21 to 23 a virtual thread blocked with a monitor held keeps its carrier
 * thread, so that a crowd of silent peers would stop the server. Seen on platform threads
 * ({@code dsmq.virtual-threads=false}), whose monitors the JVM lists.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.virtual-threads=false", "dsmq.max-in-flight-bytes=1MB",
		"dsmq.frame-timeout=60s" })
class BlockedConnectionThreadTests {

	private static final String SOCKET_INPUT = "java.net.Socket$SocketInputStream";

	private static final String SOCKET_OUTPUT = "java.net.Socket$SocketOutputStream";

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Test
	void aConnectionWaitingForItsNextRequestHoldsNoMonitor() {
		try (DsmqTestClient client = connect()) {
			assertThat(client.get("silence")).isEmpty();
			assertThat(awaitConnectionThreadsIn(SOCKET_INPUT, "read")).allSatisfy(this::holdsNoMonitor);
		}
	}

	@Test
	void connectionsWaitingForTheirPeerToReadOrForRoomInMemoryHoldNoMonitor() throws IOException {
		try (Socket stalled = new Socket(); DsmqTestClient writer = connect(); DsmqTestClient waiting = connect()) {
			stalled.setReceiveBufferSize(4096);
			stalled.connect(new InetSocketAddress("127.0.0.1", this.connectionFactory.getPort()));
			// larger than the limit, let in while nothing else is in flight, and held while its reader does not read
			writer.send(Map.of("action", "put", "topic", "unread", "message", "u".repeat(8 * 1024 * 1024), "id", 1));
			assertThat(writer.readReply()).containsEntry("ok", true);
			stalled.getOutputStream()
				.write(DsmqTestClient.frame(Map.of("action", "get", "topic", "unread", "after", 0)));
			assertThat(awaitConnectionThreadsIn(SOCKET_OUTPUT, "write")).allSatisfy(this::holdsNoMonitor);
			waiting.send(Map.of("action", "put", "topic", "waits", "message", "w".repeat(512 * 1024)));
			assertThat(awaitConnectionThreadsIn(InFlightBytes.class.getName(), "acquire"))
				.allSatisfy(this::holdsNoMonitor);
		}
	}

	/**
	 * Wait until at least one thread that serves a connection is in the given method, and return those that are.
	 */
	private List<ThreadInfo> awaitConnectionThreadsIn(String className, String methodName) {
		return await().until(() -> Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(true, false))
			.filter((thread) -> isIn(thread, Connection.class.getName(), "run"))
			.filter((thread) -> isIn(thread, className, methodName))
			.toList(), (threads) -> !threads.isEmpty());
	}

	private static boolean isIn(ThreadInfo thread, String className, String methodName) {
		return Arrays.stream(thread.getStackTrace())
			.anyMatch((frame) -> frame.getClassName().equals(className) && frame.getMethodName().equals(methodName));
	}

	private void holdsNoMonitor(ThreadInfo thread) {
		assertThat(thread.getLockedMonitors()).as("monitors held by %s", thread.getThreadName()).isEmpty();
	}

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

}
