package dev.dsmq.server.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import javax.net.ssl.SSLSocket;

import dev.dsmq.server.protocol.Codec;
import dev.dsmq.server.protocol.Control;
import dev.dsmq.server.protocol.Generation;
import dev.dsmq.server.protocol.RejectReason;
import dev.dsmq.server.protocol.Reply;
import dev.dsmq.server.protocol.TinyMqCodec;
import dev.dsmq.server.protocol.TinyMqRequest;
import dev.dsmq.server.protocol.TruncatedFrameException;
import dev.dsmq.server.queue.ReadPositions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpMessageMapper;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * One client connection, and the only owner of its state: the codec of its generation (through its input), where it
 * has read up to in each topic, whether it has passed the token check, its meters, the room in memory its requests
 * hold, and whether it is draining or closed. It is the only writer to its socket, and closes in one place.
 * <p>
 * The connection factory creates it on the accepting thread as soon as the socket is accepted, so its read positions
 * start at the last message accepted before the connection was. Afterwards it is read on one thread, which hands
 * every batch of requests to the flow and writes their replies before reading the next, so the positions are only
 * ever touched by that thread and need no locking.
 * <p>
 * Of Spring Integration's {@link TcpNetConnection} it overrides what the factory lets a connection decide for itself:
 * what it does before it serves ({@link #run()}: the TLS handshake and generation detection), the stream it reads
 * ({@link #inputStream()}), what a failed read means ({@link #handleReadException}) and what closing gives back
 * ({@link #close()}).
 */
final class Connection extends TcpNetConnection {

	private static final Log logger = LogFactory.getLog(Connection.class);

	/** The message header that carries the connection to the request handler. */
	static final String HEADER = "dsmq_connection";

	private final ReadPositions positions;

	private final ConnectionInput input;

	private final ReplyOutput output;

	/**
	 * Held while a reply is written, which blocks while the peer reads slowly: a lock, not a monitor, so that a
	 * virtual thread waiting on the socket leaves its carrier free on every JDK that has them.
	 */
	private final Lock writeLock = new ReentrantLock();

	private final InFlightBytes.Reservation room;

	private final Socket socket;

	private final @Nullable Refusal refusal;

	private final Refusals refusals;

	private final Consumer<Connection> onClose;

	private final ConnectionMeters meters;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final ConnectionInput.Timeouts timeouts;

	private final Codecs codecs;

	private volatile boolean handshaking;

	/** Whether the server is closing the connection in good order, which a codec may tell the peer of. */
	private final AtomicBoolean draining = new AtomicBoolean();

	private volatile boolean failed;

	private boolean authenticated;

	/** A tinyMQ connection's role, once its ConnInit is answered with 1000: set by its thread, read by any. */
	private volatile TinyMqRequest.@Nullable Role tinyMqRole;

	/**
	 * Create the connection of an accepted socket.
	 * @param positions where the connection has read up to, starting where it is accepted
	 * @param timeouts how long a frame, and the wait for one, may take
	 * @param refusal what to do instead of serving the connection, if it is not admitted
	 * @param refusals where bad input that cannot be answered is logged and counted
	 * @param onClose called once, when the connection closes
	 * @param meters what the connection is served, and how fast
	 * @param room the room in memory the connection's requests and replies take
	 * @param codecs the codec of each generation, one chosen once the first bytes have arrived
	 */
	Connection(Socket socket, boolean lookupHost, ReadPositions positions, ConnectionInput.Timeouts timeouts,
			@Nullable Refusal refusal, Refusals refusals, Consumer<Connection> onClose,
			ConnectionMeters meters, InFlightBytes.Reservation room, Codecs codecs,
			@Nullable ApplicationEventPublisher eventPublisher, @Nullable String connectionFactoryName) {
		super(socket, true, lookupHost, eventPublisher, connectionFactoryName);
		this.codecs = codecs;
		this.positions = positions;
		this.socket = socket;
		this.refusal = refusal;
		this.refusals = refusals;
		this.onClose = onClose;
		this.meters = meters;
		this.room = room;
		this.timeouts = timeouts;
		this.handshaking = socket instanceof SSLSocket;
		try {
			// Frames are small and pipelined: one read of the socket serves many of them.
			this.input = new ConnectionInput(socket, timeouts, room, meters);
			this.output = new ReplyOutput(socket.getOutputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return where this connection has read up to in each topic.
	 */
	ReadPositions positions() {
		return this.positions;
	}

	ConnectionMeters meters() {
		return this.meters;
	}

	InFlightBytes.Reservation room() {
		return this.room;
	}

	/**
	 * Whether the peer has closed or reset the connection, looked at without waiting: for a read that waits, which
	 * does not read the socket meanwhile.
	 */
	boolean peerClosed() {
		return this.closed.get() || this.input.peerClosed();
	}

	/**
	 * Whether a read that waits should not wait, or wait no longer, and be answered with nothing, because the peer
	 * has sent more: over WebSocket, where the peer's pings must be answered within its own timeout (20 s for
	 * Python's websockets), which a wait of up to {@code dsmq.max-wait} would outlast. Other generations' requests
	 * wait their turn, as they always have.
	 * @param following how many requests or control frames of the batch follow the read
	 */
	boolean waitsGiveWay(int following) {
		return generation() == Generation.WEBSOCKET && (following > 0 || this.input.buffered() > 0);
	}

	boolean isClosed() {
		return this.closed.get();
	}

	/**
	 * Return how long the write under way has made no progress, in nanoseconds; 0 if no write is under way.
	 */
	long writeStalledNanos(long now) {
		return this.output.stalledNanos(now);
	}

	/**
	 * Whether the connection is served, rather than refused.
	 */
	boolean isAdmitted() {
		return this.refusal == null;
	}

	/**
	 * Whether the connection has passed the token check (or had none to pass).
	 */
	boolean isAuthenticated() {
		return this.authenticated;
	}

	void authenticate() {
		this.authenticated = true;
	}

	/**
	 * Return the topic a tinyMQ connection's path named, or null for a connection of another generation.
	 */
	@Nullable String tinyMqTopic() {
		return (this.input.codec() instanceof TinyMqCodec tinyMq) ? tinyMq.topic() : null;
	}

	/**
	 * Return a tinyMQ connection's role once it is open, null before and for a connection of another generation.
	 */
	TinyMqRequest.@Nullable Role tinyMqRole() {
		return this.tinyMqRole;
	}

	/**
	 * Note that a tinyMQ connection is open in the given role.
	 */
	void openTinyMq(TinyMqRequest.Role role) {
		this.tinyMqRole = role;
	}

	InetAddress peerAddress() {
		return getSocketInfo().getInetAddress();
	}

	/**
	 * The peer as {@code address:port}, for logs.
	 */
	String peer() {
		return getHostAddress() + ":" + getPort();
	}

	/**
	 * Return the generation the connection speaks, or null while its first bytes have not told.
	 */
	@Nullable Generation generation() {
		Codec codec = this.input.codec();
		return (codec != null) ? codec.generation() : null;
	}

	/**
	 * Write a reply, framed by the connection's codec.
	 * @return whether the connection is still open: the peer may have gone
	 */
	boolean write(Reply reply) {
		return write(List.of(reply));
	}

	/**
	 * Write replies together, framed by the connection's codec; the connection is the only writer to its socket.
	 * @return whether the connection is still open: the peer may have gone
	 */
	boolean write(List<Reply> replies) {
		Codec codec = this.input.codec();
		if (codec == null) {
			throw new IllegalStateException("no reply before the generation is known");
		}
		return send(Reply.framed(replies, codec));
	}

	/**
	 * Write bytes of the connection's own, such as a handshake's response or a close frame, as they are.
	 * @return whether the connection is still open
	 */
	private boolean writeRaw(byte[] bytes) {
		return send(Reply.control(new Control(bytes, false)));
	}

	/**
	 * Write what is framed already, straight to the socket. The connection factory's own path buffers the socket in
	 * a {@code BufferedOutputStream} as large as the socket's send buffer, which Linux grows to megabytes: 1.9 MB of
	 * heap for every connection on this server's test machine. A framed reply leaves in one write either way.
	 */
	private boolean send(Reply framed) {
		try {
			this.writeLock.lock();
			try {
				framed.writeTo(this.output);
			}
			finally {
				this.writeLock.unlock();
			}
			this.meters.written(framed.length());
		}
		catch (IOException ex) {
			this.meters.notWritten();
			// the peer has gone: there is no one left to answer, and nothing went wrong on this side
			if (logger.isDebugEnabled()) {
				logger.debug("Could not answer " + peer() + ": " + ex.getMessage());
			}
			close();
			return false;
		}
		if (framed.closesConnection()) {
			close();
		}
		return !this.closed.get();
	}

	@Override
	protected InputStream inputStream() {
		return this.input;
	}

	/**
	 * Serve the connection, or refuse it with an error in its generation's own terms: a TLS connection completes its
	 * handshake first, then the first bytes tell the generation. An {@link Error} on the connection's thread, such as
	 * running out of memory, closes the connection, so that its slot and the room it holds are given back; the
	 * connection factory's own loop handles only exceptions.
	 */
	@Override
	public void run() {
		try {
			if (this.socket instanceof SSLSocket tls && !handshake(tls)) {
				return;
			}
			if (!detect()) {
				return;
			}
			if (this.refusal != null) {
				this.refusal.refuse(this);
				return;
			}
			super.run();
		}
		catch (Error ex) {
			this.failed = true;
			logger.error("Closing the connection from " + peer() + " after an error on its thread", ex);
		}
		finally {
			close();
		}
	}

	/**
	 * Whether the connection was closed because its thread failed.
	 */
	boolean hasFailed() {
		return this.failed;
	}

	/**
	 * Read no more from the peer: the requests already read are still answered, then the end of the stream closes
	 * the connection. A connection waiting for its next frame sees the end at once. Draining again does nothing.
	 */
	void drain() {
		if (!this.draining.compareAndSet(false, true)) {
			// a plain socket's input refuses to be shut down twice, and the connection would be closed for it
			return;
		}
		if (this.socket instanceof SSLSocket) {
			// a TLS socket refuses to shut its input down alone: close it if it has nothing left to answer
			boolean waiting = this.input.drain();
			Codec codec = this.input.codec();
			if (waiting && codec != null && !this.closed.get()) {
				writeRaw(codec.goodbye());
			}
			if (waiting || this.handshaking) {
				close();
			}
			return;
		}
		try {
			this.socket.shutdownInput();
		}
		catch (IOException ex) {
			close();
		}
	}

	/**
	 * Tell the connection's generation from its first bytes and set its codec up, completing a WebSocket upgrade.
	 * A connection that is refused anyway has its first bytes bounded by the frame timeout, not the idle one, so
	 * that it cannot hold its thread for long.
	 * @return whether the connection goes on
	 */
	private boolean detect() {
		if (this.refusal != null) {
			this.input.frameStarted();
		}
		Codecs.Chosen chosen;
		try {
			chosen = this.codecs.choose(this.input);
		}
		catch (SocketTimeoutException ex) {
			this.refusals.reject(this, this.input.inFrame() ? RejectReason.FRAME_TIMEOUT : RejectReason.IDLE_TIMEOUT,
					ex.getMessage());
			return false;
		}
		catch (IOException | SoftEndOfStreamException ex) {
			// closed, or reset, before the generation was known: there is no one to answer
			return false;
		}
		finally {
			this.input.frameEnded();
		}
		if (chosen.response().length > 0 && !writeRaw(chosen.response())) {
			return false;
		}
		if (chosen.codec() == null) {
			this.refusals.reject(this, chosen.generation(), chosen.reason(), chosen.detail());
			return false;
		}
		this.input.use(chosen.codec());
		return true;
	}

	private boolean handshake(SSLSocket tls) {
		String failure = TlsHandshake.perform(tls, this.timeouts.handshake());
		this.handshaking = false;
		if (failure != null && !this.closed.get()) {
			this.refusals.reject(this, RejectReason.TLS_HANDSHAKE, failure);
		}
		return failure == null && !this.closed.get();
	}

	/**
	 * A peer that closes in the middle of a frame is bad input, logged and counted like the rest, rather than the
	 * connection factory's error with the connection id. A connection the server drains to stop ends here too, once
	 * it has answered what it read, and says goodbye first where its generation has a way to.
	 */
	@Override
	protected boolean handleReadException(Exception ex) {
		// the connection reads through a method that wraps what the codec throws
		Throwable cause = (ex instanceof UncheckedIOException unchecked) ? unchecked.getCause() : ex;
		Codec codec = this.input.codec();
		if (this.draining.get() && cause instanceof SoftEndOfStreamException && codec != null && !this.closed.get()) {
			// the server is stopping and this connection has answered all it read: tell the peer, in its terms
			writeRaw(codec.goodbye());
		}
		if (cause instanceof TruncatedFrameException truncated) {
			this.refusals.reject(this, RejectReason.TRUNCATED_FRAME, truncated.getMessage());
			return super.handleReadException(new SoftEndOfStreamException(truncated.getMessage()));
		}
		if (cause instanceof SocketException reset) {
			// a peer that resets its connection, or one closed by the server, is no error of the server's: the
			// connection factory would log each at ERROR
			return super.handleReadException(new SoftEndOfStreamException(reset.getMessage()));
		}
		return super.handleReadException(ex);
	}

	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.input.end();
			this.room.close();
			this.onClose.accept(this);
		}
		super.close();
	}

	/**
	 * What a connection that is not admitted does instead of being served.
	 */
	@FunctionalInterface
	interface Refusal {

		void refuse(Connection connection);

	}

	/**
	 * Maps each batch of frames to a message with only the headers the flow uses: the connection id, by which the
	 * gateway finds where to write the reply, and the connection itself, for the request handler.
	 * <p>
	 * The standard mapper also adds the peer's host name, address and port and the local address, asking the socket
	 * for the latter on every message, and builds the headers twice; on get round trips that made the connection
	 * thread spend a fifth more CPU per request.
	 */
	static final class Mapper extends TcpMessageMapper {

		@Override
		public @Nullable Message<?> toMessage(TcpConnection connection, @Nullable Map<String, Object> headers) {
			Object payload = connection.getPayload();
			if (payload == null) {
				return null;
			}
			Map<String, Object> headersOut = new HashMap<>(8);
			if (headers != null) {
				headersOut.putAll(headers);
			}
			headersOut.put(IpHeaders.CONNECTION_ID, connection.getConnectionId());
			headersOut.put(HEADER, connection);
			return new GenericMessage<>(payload, headersOut);
		}

	}

}
