package dev.dsmq.server.tcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A connection's input on a real socket, its deadlines on a clock that stands still until a test moves it: the
 * frame timeout of a frame whose body waits for room among the bytes in flight, and the buffer sized for what the
 * peer sends.
 */
class ConnectionInputTests {

	private static final Duration FRAME_TIMEOUT = Duration.ofSeconds(10);

	private static final int LIMIT = 64 * 1024;

	/** A body too large to be let in over the limit without waiting. */
	private static final int BODY = 16 * 1024;

	private final AtomicLong now = new AtomicLong();

	private final InFlightBytes inFlight = new InFlightBytes(LIMIT, this.now::get);

	/** Room held by another connection, which the test gives back when a wait is to end. */
	private final InFlightBytes.Reservation other = this.inFlight.new Reservation();

	private ServerSocket listener;

	private Socket peer;

	private Socket accepted;

	private ConnectionInput input;

	@BeforeEach
	void connect() throws IOException {
		this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		this.peer = new Socket(InetAddress.getLoopbackAddress(), this.listener.getLocalPort());
		this.accepted = this.listener.accept();
		ConnectionInput.Timeouts timeouts = new ConnectionInput.Timeouts(FRAME_TIMEOUT, Duration.ZERO,
				Duration.ofSeconds(10), Duration.ofSeconds(30));
		this.input = new ConnectionInput(this.accepted, timeouts, this.inFlight.new Reservation(),
				new ConnectionMeters(new RequestMeters(new SimpleMeterRegistry())), this.now::get);
	}

	@AfterEach
	void close() throws IOException {
		this.peer.close();
		this.accepted.close();
		this.listener.close();
	}

	@Test
	void onlyTheFirstWaitForRoomOfAFrameGivesItTheWholeFrameTimeoutAgain() throws Exception {
		this.input.frameStarted();
		this.other.tryAcquire(LIMIT);
		CompletableFuture<Boolean> first = admitOnceItHasWaited();
		at(Duration.ofSeconds(5));
		this.other.release(LIMIT);
		assertThat(first.join()).isTrue();
		// the frame has until 15 s now
		at(Duration.ofSeconds(12));
		assertThat(readAByteThePeerSends()).isEqualTo('x');

		this.other.tryAcquire(LIMIT - BODY);
		CompletableFuture<Boolean> second = admitOnceItHasWaited();
		this.other.release(LIMIT - BODY);
		assertThat(second.join()).isTrue();
		at(Duration.ofSeconds(16));
		assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(this::readAByteThePeerSends)
			.withMessage("frame not complete after 10000 ms (dsmq.frame-timeout)");
	}

	@Test
	void aLaterWaitForRoomOfTheSameFrameEndsWhenTheFrameTimesOut() {
		this.input.frameStarted();
		this.other.tryAcquire(LIMIT);
		CompletableFuture<Boolean> first = admitOnceItHasWaited();
		at(Duration.ofSeconds(5));
		this.other.release(LIMIT);
		assertThat(first.join()).isTrue();

		this.other.tryAcquire(LIMIT - BODY);
		at(Duration.ofSeconds(12));
		CompletableFuture<Boolean> second = admitOnceItHasWaited();
		// the frame's 15 s are up, though the wait has had only 4 of its own
		at(Duration.ofSeconds(16));
		await().until(second::isDone);
		assertThat(second.join()).isFalse();
		assertThat(this.inFlight.used()).isEqualTo(LIMIT);
	}

	@Test
	void aPeerThatSendsMoreThanTheSmallBufferHoldsGetsTheLargeOneUntilItsReadsAreSmallAgain() throws IOException {
		assertThat(this.input.capacity()).isEqualTo(ConnectionInput.SMALL_BUFFER);
		byte[] pipelined = new byte[20 * 1024];
		this.peer.getOutputStream().write(pipelined);
		await().until(() -> this.input.available() == pipelined.length);
		byte[] frame = new byte[64];
		for (int read = 0; read < pipelined.length; read += frame.length) {
			// in small pieces, as a codec reads headers and small bodies
			assertThat(this.input.readNBytes(frame, 0, frame.length)).isEqualTo(frame.length);
		}
		assertThat(this.input.capacity()).isEqualTo(ConnectionInput.LARGE_BUFFER);
		this.peer.getOutputStream().write(new byte[10]);
		assertThat(this.input.readNBytes(10)).hasSize(10);
		// the first read after ten bytes came is sized for small reads
		assertThat(readAByteThePeerSends()).isEqualTo('x');
		assertThat(this.input.capacity()).isEqualTo(ConnectionInput.SMALL_BUFFER);
	}

	/**
	 * Find room for a body on another thread, as the codec would on the connection's, and return once it waits.
	 */
	private CompletableFuture<Boolean> admitOnceItHasWaited() {
		CompletableFuture<Boolean> admitted = CompletableFuture.supplyAsync(() -> this.input.admit(BODY, true));
		await().until(() -> this.inFlight.waiting() == 1);
		return admitted;
	}

	private void at(Duration sinceTheFrameStarted) {
		this.now.set(sinceTheFrameStarted.toNanos());
	}

	private int readAByteThePeerSends() throws IOException {
		this.peer.getOutputStream().write('x');
		return this.input.read();
	}

}
