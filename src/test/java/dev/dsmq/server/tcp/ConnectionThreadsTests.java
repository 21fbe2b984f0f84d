package dev.dsmq.server.tcp;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.dsmq.server.DsmqTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The threads connections are served on by default: virtual threads where the JDK has them (21 and newer), so that a
 * crowd of connections takes no platform thread each; a platform thread each on JDK 17. CI runs the suite on both.
 * Either way the threads are named for the log, and the accept loop has a platform thread of its own.
 */
@SpringBootTest(properties = "dsmq.port=0")
class ConnectionThreadsTests {

	private static final int CROWD = 300;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private ClosingThreads closingThreads;

	@Test
	void aConnectionIsServedOnAVirtualThreadWhereTheJdkHasThem() throws Exception {
		assumeThat(Runtime.version().feature()).isGreaterThanOrEqualTo(21);
		Thread thread = threadThatServedAConnection();
		assertThat(isVirtual(thread)).isTrue();
		assertThat(thread.getName()).startsWith("dsmq-conn-");
	}

	@Test
	void aConnectionIsServedOnAPlatformThreadOfItsOwnOnJdk17() throws Exception {
		assumeThat(Runtime.version().feature()).isLessThan(21);
		Thread thread = threadThatServedAConnection();
		assertThat(thread.isDaemon()).isTrue();
		assertThat(thread.getName()).startsWith("dsmq-conn-");
	}

	@Test
	void hundredsOfConnectionsAreAllAnsweredWithoutAPlatformThreadEachWhereTheJdkHasVirtualThreads() {
		assumeThat(Runtime.version().feature()).isGreaterThanOrEqualTo(21);
		// servers of other tests in this JVM may serve on platform threads of the same name
		long before = platformConnectionThreads();
		List<DsmqTestClient> crowd = openAnsweredCrowd(this.connectionFactory.getPort(), CROWD);
		try {
			assertThat(platformConnectionThreads()).isLessThan(before + CROWD / 2);
			assertThat(platformThreadNames()).contains("dsmq-listener");
		}
		finally {
			crowd.forEach(DsmqTestClient::close);
		}
	}

	/**
	 * Open connections, ask each for a message of an empty topic, and check that every one is answered.
	 */
	static List<DsmqTestClient> openAnsweredCrowd(int port, int connections) {
		List<DsmqTestClient> crowd = new ArrayList<>(connections);
		try {
			byte[] get = DsmqTestClient.frame(Map.of("action", "get", "topic", "crowd"));
			for (int i = 0; i < connections; i++) {
				DsmqTestClient client = DsmqTestClient.connect(port);
				crowd.add(client);
				client.sendRaw(get);
			}
			for (DsmqTestClient client : crowd) {
				assertThat(client.readReply()).containsExactly(entry("message", ""));
			}
			return crowd;
		}
		catch (RuntimeException | Error ex) {
			crowd.forEach(DsmqTestClient::close);
			throw ex;
		}
	}

	/** The names of the JVM's platform threads; virtual threads are not listed. */
	static List<String> platformThreadNames() {
		return Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(false, false))
			.map(ThreadInfo::getThreadName)
			.toList();
	}

	/** How many of the JVM's platform threads are named as connections' threads are. */
	static long platformConnectionThreads() {
		return platformThreadNames().stream().filter((name) -> name.startsWith("dsmq-conn-")).count();
	}

	static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
		// compiled for JDK 17, which has no Thread.isVirtual()
		return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
	}

	/**
	 * A connection whose peer closes it is closed by its own thread, which reads the end of the stream.
	 */
	private Thread threadThatServedAConnection() {
		this.closingThreads.threads.clear();
		try (DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			assertThat(client.get("served")).isEmpty();
		}
		return await().until(this.closingThreads.threads::peek, (thread) -> thread != null);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Listening {

		@Bean
		ClosingThreads closingThreads() {
			return new ClosingThreads();
		}

	}

	/**
	 * The threads that close connections.
	 */
	static class ClosingThreads implements ApplicationListener<TcpConnectionCloseEvent> {

		final Queue<Thread> threads = new ConcurrentLinkedQueue<>();

		@Override
		public void onApplicationEvent(TcpConnectionCloseEvent event) {
			this.threads.add(Thread.currentThread());
		}

	}

}
