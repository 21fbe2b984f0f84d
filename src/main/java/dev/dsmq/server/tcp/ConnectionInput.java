package dev.dsmq.server.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

import dev.dsmq.server.protocol.Codec;
import dev.dsmq.server.protocol.FrameInput;
import jdk.net.ExtendedSocketOptions;
import org.jspecify.annotations.Nullable;

/**
 * A connection's input: a read buffer, so that one read of the socket serves many pipelined frames, that also bounds
 * how long a frame may take and speeds up clients that split their frames.
 * <p>
 * It tells the codec what it holds without asking the socket, whose {@code available()} is an ioctl: on pipelined
 * puts that was a fifth of the connection thread's time.
 * <p>
 * It acknowledges a frame's header at once when the body has not followed. dsmq's own client writes header and body
 * in two writes with Nagle's algorithm on, so the body waits for the header's ACK, and Linux delays that ACK by up to
 * 40 ms: every get would take 40 ms. Setting {@code TCP_QUICKACK} sends the pending ACK now; the option is one-shot,
 * so it is set again whenever a frame is incomplete. Where the JDK or OS lacks the option, nothing is done. A client
 * that writes whole frames never gets here and pays nothing.
 * <p>
 * Every read of the socket is given the time left: until the frame's deadline while a frame is being read, so that a
 * sender dribbling bytes cannot hold the connection's thread and buffer for ever, and until the idle timeout, if
 * any, is up between frames. The idle clock starts when the connection waits for its first bytes, for a batch, or
 * for the next frame after one ended; bytes that start no frame, such as whitespace between bare JSON objects, are
 * no request and do not start it again. Running out throws a {@link SocketTimeoutException} that names the limit.
 * <p>
 * A body is read only once there is room for it among the bytes in flight ({@link InFlightBytes}); the room is the
 * connection's until it has acted on the batch.
 * <p>
 * Only the connection's own thread reads, so the buffer takes no lock: {@code BufferedInputStream} holds its monitor
 * while it waits for the socket, which on JDK 21 to 23 pins a virtual thread to its carrier for as long as the peer
 * is silent. Other threads only end or drain the input.
 */
final class ConnectionInput extends InputStream implements FrameInput {

	/**
	 * The buffer of a connection whose requests are small, as most are, and so of every idle connection: a get or a
	 * poll is a few dozen bytes, a WebSocket upgrade a few hundred.
	 */
	static final int SMALL_BUFFER = 1024;

	/** The buffer of a connection that sends more at once than the small one holds: pipelined puts. */
	static final int LARGE_BUFFER = 8192;

	/** The bytes read from the socket and not yet handed out are {@code [pos, count)}. */
	private byte[] buf = new byte[SMALL_BUFFER];

	/** How many bytes the last read of the socket into the buffer brought, and whether they filled it. */
	private int lastRead;

	private boolean lastReadFilled;

	private int pos;

	private int count;

	/** Where {@link #reset()} goes back to, or -1 if there is no mark. */
	private int markpos = -1;

	/** How many bytes past the mark may be read before the mark may be dropped. */
	private int marklimit;

	private final Socket socket;

	private final Timeouts timeouts;

	private final InFlightBytes.Reservation room;

	private final ConnectionMeters meters;

	/** The clock of every deadline, {@link System#nanoTime()} but in tests. */
	private final LongSupplier nanoTime;

	/** The socket's own stream, read directly to see whether the peer has gone. */
	private final InputStream socketIn;

	private boolean quickAck;

	private long frameDeadline;

	private boolean inFrame;

	/** When the wait for a request runs out, if there is an idle timeout. */
	private long idleDeadline;

	/** Whether the next read between frames starts a wait for a request, with the whole idle timeout. */
	private boolean waitStarts = true;

	/** Whether the frame under way has waited for room already, and had its whole frame timeout again after. */
	private boolean waitedForRoom;

	private volatile boolean ended;

	/** Guards {@link #draining} and {@link #waitingForFrame}: the drain comes from another thread. */
	private final Object drainLock = new Object();

	private boolean draining;

	private boolean waitingForFrame;

	/** The socket's read timeout as last set, so that it is set only when it changes. */
	private int soTimeout;

	/** The codec of the connection's generation, once known: set by its thread, read by any. */
	private volatile @Nullable Codec codec;

	ConnectionInput(Socket socket, Timeouts timeouts, InFlightBytes.Reservation room, ConnectionMeters meters)
			throws IOException {
		this(socket, timeouts, room, meters, System::nanoTime);
	}

	/**
	 * Create the input of a socket, its deadlines timed by the given clock, as {@link System#nanoTime()}.
	 */
	ConnectionInput(Socket socket, Timeouts timeouts, InFlightBytes.Reservation room, ConnectionMeters meters,
			LongSupplier nanoTime) throws IOException {
		this(socket, socket.getInputStream(), timeouts, room, meters, nanoTime);
	}

	private ConnectionInput(Socket socket, InputStream in, Timeouts timeouts, InFlightBytes.Reservation room,
			ConnectionMeters meters, LongSupplier nanoTime) {
		this.meters = meters;
		this.nanoTime = nanoTime;
		this.socket = socket;
		this.socketIn = in;
		this.timeouts = timeouts;
		this.room = room;
		this.quickAck = socket.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
	}

	/**
	 * Read the connection's requests with the codec of its generation from now on.
	 */
	void use(Codec codec) {
		this.codec = codec;
	}

	/**
	 * Return the codec of the connection's generation, or null while its first bytes have not told.
	 */
	@Nullable Codec codec() {
		return this.codec;
	}

	/**
	 * Wait for the next requests and read every one that has arrived, with the connection's codec.
	 */
	List<Object> readBatch() throws IOException {
		Codec codec = this.codec;
		if (codec == null) {
			throw new IllegalStateException("no requests are read before the generation is known");
		}
		// the time the last batch took to act on, such as a read that waited, was the server's
		this.waitStarts = true;
		return codec.readBatch(this);
	}

	/**
	 * Drop what is buffered and read nothing more: the connection is closed, and frames that arrived behind the
	 * one that closed it must not be acted on.
	 */
	void end() {
		this.ended = true;
	}

	/**
	 * Read nothing more from the socket once the next frame is due: the frames already buffered are still read, then
	 * the stream ends. This does for a TLS socket what {@code shutdownInput()} does for a plain one, which an
	 * {@code SSLSocket} refuses before the peer has closed its side.
	 * @return whether the connection is waiting for its next frame now, so that it has nothing left to answer
	 */
	boolean drain() {
		synchronized (this.drainLock) {
			this.draining = true;
			return this.waitingForFrame;
		}
	}

	/**
	 * Note that the socket is about to be read for the start of a frame.
	 * @return whether to read it: {@code false} once draining
	 */
	private boolean startWaitingForFrame() {
		synchronized (this.drainLock) {
			this.waitingForFrame = !this.draining;
			return this.waitingForFrame;
		}
	}

	private void stopWaitingForFrame() {
		synchronized (this.drainLock) {
			this.waitingForFrame = false;
		}
	}

	@Override
	public int read() throws IOException {
		if (this.ended) {
			return -1;
		}
		if (this.pos >= this.count) {
			fill();
			if (this.pos >= this.count) {
				return -1;
			}
		}
		return this.buf[this.pos++] & 0xff;
	}

	/**
	 * Read what the buffer holds, or, when it is empty, what one read of the socket brings: never a second read of
	 * the socket for bytes that may not have arrived. A read at least as long as the buffer, with no mark to keep,
	 * goes straight from the socket into the caller's array.
	 */
	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		Objects.checkFromIndexSize(offset, length, buffer.length);
		if (this.ended) {
			return -1;
		}
		if (length == 0) {
			return 0;
		}
		int held = this.count - this.pos;
		if (held <= 0) {
			if (length >= this.buf.length && this.markpos < 0) {
				return readSocket(buffer, offset, length);
			}
			fill();
			held = this.count - this.pos;
			if (held <= 0) {
				return -1;
			}
		}
		int copied = Math.min(held, length);
		System.arraycopy(this.buf, this.pos, buffer, offset, copied);
		this.pos += copied;
		return copied;
	}

	/**
	 * Return what the buffer holds and what the socket has received beyond it (a system call).
	 */
	@Override
	public int available() throws IOException {
		if (this.ended) {
			return 0;
		}
		int held = this.count - this.pos;
		int received = this.socketIn.available();
		return (held > Integer.MAX_VALUE - received) ? Integer.MAX_VALUE : held + received;
	}

	@Override
	public int buffered() {
		return this.ended ? 0 : this.count - this.pos;
	}

	/**
	 * Return how many bytes the buffer has room for now.
	 */
	int capacity() {
		return this.buf.length;
	}

	@Override
	public boolean markSupported() {
		return true;
	}

	@Override
	public void mark(int readLimit) {
		this.marklimit = readLimit;
		this.markpos = this.pos;
	}

	@Override
	public void reset() throws IOException {
		if (this.markpos < 0) {
			throw new IOException("Resetting to invalid mark");
		}
		this.pos = this.markpos;
	}

	@Override
	public void close() throws IOException {
		this.socketIn.close();
	}

	/**
	 * Read the socket into the buffer, which is empty but for what a mark keeps: as {@code BufferedInputStream}
	 * does, the marked bytes move to the front, and the buffer grows for a mark that needs more than it holds.
	 * <p>
	 * An empty buffer is sized for what the peer sends: large once a read has filled the small one, and small again
	 * once a read between frames brought less than the small one holds, so that an idle connection waits with 1 KiB
	 * while one that pipelines keeps reading 8 KiB at a time. The socket's own temporary buffer for the read, which a
	 * platform thread keeps, is as large as the read.
	 */
	private void fill() throws IOException {
		if (this.markpos < 0) {
			this.pos = 0;
			int size = this.lastReadFilled ? LARGE_BUFFER
					: (this.lastRead < SMALL_BUFFER && !this.inFrame) ? SMALL_BUFFER : this.buf.length;
			if (size != this.buf.length) {
				this.buf = new byte[size];
			}
		}
		else if (this.pos >= this.buf.length) {
			if (this.markpos > 0) {
				int kept = this.pos - this.markpos;
				System.arraycopy(this.buf, this.markpos, this.buf, 0, kept);
				this.pos = kept;
				this.markpos = 0;
			}
			else if (this.buf.length >= this.marklimit) {
				this.markpos = -1;
				this.pos = 0;
			}
			else {
				byte[] grown = new byte[Math.min(this.pos * 2, this.marklimit)];
				System.arraycopy(this.buf, 0, grown, 0, this.pos);
				this.buf = grown;
			}
		}
		this.count = this.pos;
		int room = this.buf.length - this.pos;
		int read = readSocket(this.buf, this.pos, room);
		if (read > 0) {
			this.count = this.pos + read;
			this.lastRead = read;
			this.lastReadFilled = read == room;
		}
	}

	/**
	 * Read the socket once, given the time it has left, with a timeout that says which limit ran out.
	 */
	private int readSocket(byte[] buffer, int offset, int length) throws IOException {
		beforeSocketRead();
		boolean betweenFrames = !this.inFrame;
		if (betweenFrames && !startWaitingForFrame()) {
			return -1;
		}
		try {
			int read = this.socketIn.read(buffer, offset, length);
			if (read > 0) {
				this.meters.received(read);
			}
			return read;
		}
		catch (SocketTimeoutException ex) {
			throw timedOut();
		}
		finally {
			if (betweenFrames) {
				stopWaitingForFrame();
			}
		}
	}

	/**
	 * Find room for a body. The first body of a batch that has to wait does so for up to the frame timeout, then has
	 * the whole frame timeout again to arrive: the wait was the server's, not the peer's. That is once a frame: a
	 * frame whose body finds room in pieces, a WebSocket message fragment by fragment or a bare JSON object as its
	 * buffer grows, waits for the later pieces only as long as its frame timeout lasts, so that however many pieces
	 * wait, a frame is over within three frame timeouts of its first byte. A small body does not wait.
	 */
	@Override
	public boolean admit(int bodyLength, boolean wait) {
		if (this.room.tryAcquire(bodyLength)) {
			return true;
		}
		if (!wait) {
			return false;
		}
		if (bodyLength <= InFlightBytes.SMALL) {
			this.room.force(bodyLength);
			return true;
		}
		boolean firstWait = !this.waitedForRoom;
		try {
			long deadline = firstWait ? this.nanoTime.getAsLong() + this.timeouts.frame().toNanos()
					: this.frameDeadline;
			if (!this.room.acquire(bodyLength, deadline, () -> this.ended)) {
				return false;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		if (firstWait) {
			this.waitedForRoom = true;
			this.frameDeadline = this.nanoTime.getAsLong() + this.timeouts.frame().toNanos();
		}
		return true;
	}

	/**
	 * Whether the peer has closed the connection, or reset it, found by reading what it may have sent since, without
	 * waiting for more. Bytes that arrived are kept for the frames they start. A full buffer means the peer is busy
	 * sending, not gone; an input the server has shut down to drain the connection tells nothing of the peer.
	 */
	boolean peerClosed() {
		if (this.ended) {
			return true;
		}
		synchronized (this.drainLock) {
			if (this.draining || this.socket.isInputShutdown()) {
				return false;
			}
		}
		if (this.count == this.buf.length) {
			if (this.pos == 0 || this.markpos >= 0) {
				return false;
			}
			System.arraycopy(this.buf, this.pos, this.buf, 0, this.count - this.pos);
			this.count -= this.pos;
			this.pos = 0;
		}
		try {
			this.socket.setSoTimeout(1);
			this.soTimeout = 1;
			int read = this.socketIn.read(this.buf, this.count, this.buf.length - this.count);
			if (read < 0) {
				return true;
			}
			this.meters.received(read);
			this.count += read;
			return false;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	/**
	 * Start the frame's clock, unless a frame is under way already: the first bytes that tell a connection's
	 * generation and a WebSocket upgrade that follows them share one frame timeout.
	 */
	@Override
	public void frameStarted() {
		if (!this.inFrame) {
			this.inFrame = true;
			this.waitedForRoom = false;
			this.frameDeadline = this.nanoTime.getAsLong() + this.timeouts.frame().toNanos();
		}
	}

	boolean inFrame() {
		return this.inFrame;
	}

	@Override
	public void frameEnded() {
		this.inFrame = false;
		this.waitStarts = true;
	}

	@Override
	public void awaitingRestOfFrame() throws IOException {
		if (this.quickAck) {
			try {
				this.socket.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
			}
			catch (UnsupportedOperationException ex) {
				this.quickAck = false;
			}
		}
	}

	/**
	 * Give the next read of the socket the time it has left.
	 */
	private void beforeSocketRead() throws IOException {
		if (this.inFrame) {
			long left = this.frameDeadline - this.nanoTime.getAsLong();
			if (left <= 0) {
				throw frameTimedOut();
			}
			setSoTimeout(millis(left));
		}
		else if (this.timeouts.idle().isZero()) {
			setSoTimeout(0);
		}
		else {
			long now = this.nanoTime.getAsLong();
			if (this.waitStarts) {
				this.waitStarts = false;
				this.idleDeadline = now + this.timeouts.idle().toNanos();
			}
			long left = this.idleDeadline - now;
			if (left <= 0) {
				throw idleTimedOut();
			}
			setSoTimeout(millis(left));
		}
	}

	/**
	 * Return a read timeout for the time left: 0 would be for ever.
	 */
	private static int millis(long nanos) {
		return Math.max(1, (int) Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000));
	}

	private void setSoTimeout(int millis) throws IOException {
		if (millis != this.soTimeout) {
			this.socket.setSoTimeout(millis);
			this.soTimeout = millis;
		}
	}

	private SocketTimeoutException timedOut() {
		return this.inFrame ? frameTimedOut() : idleTimedOut();
	}

	private SocketTimeoutException idleTimedOut() {
		return new SocketTimeoutException(
				"no request for " + this.timeouts.idle().toMillis() + " ms (dsmq.idle-timeout)");
	}

	private SocketTimeoutException frameTimedOut() {
		return new SocketTimeoutException(
				"frame not complete after " + this.timeouts.frame().toMillis() + " ms (dsmq.frame-timeout)");
	}

	/**
	 * How long a frame may take from its first byte to its last, how long a connection may wait between frames
	 * (zero: for ever), how long a TLS handshake may take, and how long a reply may wait for the peer to read it.
	 */
	record Timeouts(Duration frame, Duration idle, Duration handshake, Duration write) {
	}

}
