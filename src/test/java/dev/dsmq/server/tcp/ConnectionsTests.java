package dev.dsmq.server.tcp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The protocol port's connections as they are accepted: while the server begins to drain them to stop, each is
 * refused or drained, none is served on as if the server were not stopping; one that gets no thread gives its place
 * back; with every file the process may open taken, the next waits for one to close.
 */
class ConnectionsTests {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final Connections connections = connections(20);

	private PausingListener listener;

	private Socket peer;

	private PausingSocket accepted;

	@BeforeEach
	void accept() throws IOException {
		this.listener = new PausingListener();
		this.peer = new Socket(InetAddress.getLoopbackAddress(), this.listener.getLocalPort());
		this.accepted = (PausingSocket) this.listener.accept();
	}

	@AfterEach
	void close() throws IOException {
		this.peer.close();
		this.accepted.close();
		this.listener.close();
	}

	@Test
	void aConnectionAcceptedOnceTheDrainHasBegunIsRefused() throws InterruptedException {
		assertThat(this.connections.drain(Duration.ZERO)).isTrue();
		this.accepted.proceed.countDown();
		Connection connection = create();
		assertThat(connection.isAdmitted()).isFalse();
	}

	@Test
	void aConnectionAcceptedAsTheDrainBeginsIsDrainedToo() throws InterruptedException {
		CompletableFuture<Connection> created = CompletableFuture.supplyAsync(this::create);
		// it has been told the server is not draining, and is not among the open connections yet
		assertThat(this.accepted.creating.await(10, TimeUnit.SECONDS)).isTrue();
		this.connections.drain(Duration.ZERO);
		this.accepted.proceed.countDown();
		Connection connection = created.join();
		assertThat(connection.isAdmitted()).isTrue();
		assertThat(this.accepted.isInputShutdown()).as("drained").isTrue();
	}

	@Test
	void aConnectionForWhichNoThreadCanBeStartedIsClosedAndGivesBackItsPlace() {
		this.accepted.proceed.countDown();
		Connection connection = create();
		assertThat(this.connections.openConnections()).isOne();
		ConnectionThreads none = new ConnectionThreads((task) -> {
			throw new OutOfMemoryError("unable to create native thread");
		}, false);
		assertThatIllegalStateException().isThrownBy(() -> none.execute(connection))
			.withMessage("no thread to serve the connection: unable to create native thread");
		assertThat(connection.isClosed()).isTrue();
		assertThat(this.connections.openConnections()).isZero();
	}

	@Test
	void anAcceptWithEveryFileTakenWaitsUntilAConnectionCloses() throws Exception {
		Connections oneFile = connections(1);
		this.accepted.proceed.countDown();
		Connection first = (Connection) oneFile.createNewConnection(this.accepted, true, false, null, "dsmq");
		try (Socket peer = new Socket(InetAddress.getLoopbackAddress(), this.listener.getLocalPort());
				PausingSocket second = (PausingSocket) this.listener.accept()) {
			second.proceed.countDown();
			CompletableFuture<Connection> created = new CompletableFuture<>();
			Thread acceptLoop = new Thread(() -> created
				.complete((Connection) oneFile.createNewConnection(second, true, false, null, "dsmq")));
			acceptLoop.start();
			await().until(() -> acceptLoop.getState() == Thread.State.WAITING);
			assertThat(created).isNotDone();
			first.close();
			assertThat(created.get(10, TimeUnit.SECONDS).isAdmitted()).isTrue();
		}
	}

	private Connections connections(int maxSockets) {
		return new Connections(() -> 0L, 10, maxSockets, 10, new Refusals(this.registry),
				new ConnectionInput.Timeouts(Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(10),
						Duration.ofSeconds(30)),
				new RequestMeters(this.registry), new InFlightBytes(1024 * 1024), new Codecs(1024, 8192, 1024, 1024));
	}

	private Connection create() {
		return (Connection) this.connections.createNewConnection(this.accepted, true, false, null, "dsmq");
	}

	/**
	 * A listener whose sockets hold up the connection being created from them until the test lets it go on.
	 */
	private static final class PausingListener extends ServerSocket {

		PausingListener() throws IOException {
			super(0, 1, InetAddress.getLoopbackAddress());
		}

		@Override
		public Socket accept() throws IOException {
			PausingSocket socket = new PausingSocket();
			implAccept(socket);
			return socket;
		}

	}

	/**
	 * A socket that waits when asked for its output stream, which the connection does as it is created.
	 */
	private static final class PausingSocket extends Socket {

		final CountDownLatch creating = new CountDownLatch(1);

		final CountDownLatch proceed = new CountDownLatch(1);

		@Override
		public OutputStream getOutputStream() throws IOException {
			this.creating.countDown();
			try {
				this.proceed.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
			return super.getOutputStream();
		}

	}

}
