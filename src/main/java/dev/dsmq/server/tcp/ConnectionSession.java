package dev.dsmq.server.tcp;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

import dev.dsmq.server.protocol.Reply;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorSupport;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;

/**
 * The state of one client connection: where it has read up to in each topic. It wraps the connection as an
 * interceptor, created when the socket is accepted, so a connection's read positions start at the last message
 * accepted before it was accepted.
 * <p>
 * A {@code TcpNetServerConnectionFactory} reads each connection on one thread and hands every frame to the flow on
 * that thread, so the positions are only ever touched by one thread at a time and need no locking.
 */
final class ConnectionSession extends TcpConnectionInterceptorSupport {

	/** The message header that carries the session to the request handler. */
	static final String HEADER = "dsmq_session";

	private final long startSequence;

	private final Map<String, Long> positions = new HashMap<>();

	ConnectionSession(long startSequence, ApplicationEventPublisher eventPublisher) {
		super(eventPublisher);
		this.startSequence = startSequence;
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
		return getTheConnection().getSocketInfo().getInetAddress();
	}

	/**
	 * The peer as {@code address:port}, for logs.
	 */
	String peer() {
		return getHostAddress() + ":" + getPort();
	}

	@Override
	public void onMessage(Message<?> message) {
		super.onMessage(MessageBuilder.fromMessage(message).setHeader(HEADER, this).build());
	}

	@Override
	public void send(Message<?> message) {
		super.send(message);
		if (message.getPayload() instanceof Reply reply && reply.closesConnection()) {
			close();
		}
	}

}
