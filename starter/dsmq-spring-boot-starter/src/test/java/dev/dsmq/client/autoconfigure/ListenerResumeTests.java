package dev.dsmq.client.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.dsmq.client.DsmqClient;
import dev.dsmq.test.EmbeddedDsmqServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broadcast listener whose connection is cut carries on after the last message it processed when it reconnects.
 */
class ListenerResumeTests {

	@RegisterExtension
	static final EmbeddedDsmqServer server = EmbeddedDsmqServer.onFreePort();

	@Test
	void broadcastListenerWhoseConnectionIsCutMissesNothingPutMeanwhile() throws Exception {
		try (CuttableProxy proxy = new CuttableProxy(server.getPort())) {
			TestRunners.against(server)
				.withUserConfiguration(Listener.class)
				.withPropertyValues("dsmq.client.port=" + proxy.port(), "dsmq.client.listener.wait=2s",
						"dsmq.client.reconnect.initial-backoff=10ms", "dsmq.client.reconnect.max-backoff=200ms")
				.run((context) -> {
					Listener listener = context.getBean(Listener.class);
					try (DsmqClient writer = DsmqClient.builder().port(server.getPort()).build()) {
						writer.put("telemetry", "one");
						await().atMost(Duration.ofSeconds(30)).until(() -> listener.received.contains("one"));
						proxy.cut();
						writer.put("telemetry", "two");
						writer.put("telemetry", "three");
						proxy.restore();
						writer.put("telemetry", "four");
						await().atMost(Duration.ofSeconds(30)).until(() -> listener.received.contains("four"));
					}
					assertThat(listener.received).containsExactly("one", "two", "three", "four");
				});
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Listener {

		final List<String> received = new CopyOnWriteArrayList<>();

		@DsmqListener(topic = "telemetry")
		void receive(String message) {
			this.received.add(message);
		}

	}

	/**
	 * A TCP proxy in front of the server whose connections can be cut, and new ones refused, until restored.
	 */
	static final class CuttableProxy implements AutoCloseable {

		private final ServerSocket listening;

		private final int target;

		private final Set<Socket> open = ConcurrentHashMap.newKeySet();

		private volatile boolean refusing;

		CuttableProxy(int target) throws IOException {
			this.target = target;
			this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(this::accept, "proxy-accept");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return this.listening.getLocalPort();
		}

		/**
		 * Close every proxied connection, and every new one at once, until {@link #restore()}.
		 */
		void cut() {
			this.refusing = true;
			this.open.forEach(CuttableProxy::closeQuietly);
			this.open.clear();
		}

		void restore() {
			this.refusing = false;
		}

		private void accept() {
			while (!this.listening.isClosed()) {
				try {
					Socket client = this.listening.accept();
					if (this.refusing) {
						closeQuietly(client);
						continue;
					}
					Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.target);
					this.open.add(client);
					this.open.add(upstream);
					pipe(client, upstream);
					pipe(upstream, client);
				}
				catch (IOException ex) {
					// closed, or the server is not there: the client sees its connection fail
				}
			}
		}

		private void pipe(Socket from, Socket to) {
			Thread thread = new Thread(() -> {
				try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
					in.transferTo(out);
				}
				catch (IOException ex) {
					// cut
				}
				finally {
					closeQuietly(from);
					closeQuietly(to);
				}
			}, "proxy-pipe");
			thread.setDaemon(true);
			thread.start();
		}

		private static void closeQuietly(Socket socket) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// closed already
			}
		}

		@Override
		public void close() throws IOException {
			cut();
			this.listening.close();
		}

	}

}
