package dev.dsmq.server.tcp;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import dev.dsmq.server.protocol.Reply;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpMessageMapper;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.connection.TcpNetConnectionSupport;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * One client connection and its state: where it has read up to in each topic.
 * <p>
 * The connection factory creates it on the accepting thread as soon as the socket is accepted, so its read positions
 * start at the last message accepted before the connection was. Afterwards it is read on one thread, which hands
 * every frame to the flow and writes the reply before reading the next frame, so the positions are only ever touched
 * by that thread and need no locking.
 */
final class ConnectionSession extends TcpNetConnection {

	/** The message header that carries the session to the request handler. */
	static final String HEADER = "dsmq_session";

	private static final int READ_BUFFER_SIZE = 8192;

	private final long startSequence;

	private final Map<String, Long> positions = new HashMap<>();

	private final InputStream input;

	ConnectionSession(Socket socket, boolean server, boolean lookupHost, long startSequence,
			@Nullable ApplicationEventPublisher eventPublisher, @Nullable String connectionFactoryName) {
		super(socket, server, lookupHost, eventPublisher, connectionFactoryName);
		this.startSequence = startSequence;
		try {
			// Frames are small and pipelined: one read of the socket serves many of them.
			this.input = new BufferedInputStream(socket.getInputStream(), READ_BUFFER_SIZE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the sequence number of the last message this connection has read from a topic, or the starting point
	 * if it has read none.
	 */
	long position(String topic) {
		return this.positions.getOrDefault(topic, this.startSequence);
	}

	void advance(String topic, long sequence) {
		this.positions.put(topic, sequence);
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
	 * Write a reply now, ahead of the one the flow returns for the frames being handled.
	 */
	void write(Reply reply) {
		send(MessageBuilder.withPayload(reply).build());
	}

	@Override
	protected InputStream inputStream() {
		return this.input;
	}

	@Override
	public void send(Message<?> message) {
		super.send(message);
		if (message.getPayload() instanceof Reply reply && reply.closesConnection()) {
			close();
		}
	}

	/**
	 * Creates a session for each accepted socket.
	 * @param queuePosition where a connection accepted now starts reading
	 */
	record Factory(LongSupplier queuePosition) implements TcpNetConnectionSupport {

		@Override
		public TcpNetConnection createNewConnection(Socket socket, boolean server, boolean lookupHost,
				@Nullable ApplicationEventPublisher eventPublisher, @Nullable String connectionFactoryName) {
			return new ConnectionSession(socket, server, lookupHost, this.queuePosition.getAsLong(), eventPublisher,
					connectionFactoryName);
		}

	}

	/**
	 * Puts the session itself in a header of every message read from it, for the request handler.
	 */
	static final class Mapper extends TcpMessageMapper {

		@Override
		protected Map<String, ?> supplyCustomHeaders(TcpConnection connection) {
			return Map.of(HEADER, connection);
		}

	}

}
