package dev.dsmq.server.tcp;

import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.connection.TcpNetConnectionSupport;

/**
 * Creates a {@link ConnectionSession} for each accepted socket, and admits at most the configured number at a time:
 * a connection over the limit gets a session that only refuses it.
 */
final class SessionFactory implements TcpNetConnectionSupport {

	private final LongSupplier queuePosition;

	private final int maxConnections;

	private final Consumer<ConnectionSession> refusal;

	private final SessionInput.Timeouts timeouts;

	private final AtomicInteger open = new AtomicInteger();

	/**
	 * Create the factory.
	 * @param queuePosition where a connection accepted now starts reading
	 * @param maxConnections the most connections served at once
	 * @param refusal what to do with a connection over the limit
	 * @param timeouts how long a frame, and the wait for one, may take
	 */
	SessionFactory(LongSupplier queuePosition, int maxConnections, Consumer<ConnectionSession> refusal,
			SessionInput.Timeouts timeouts) {
		this.queuePosition = queuePosition;
		this.timeouts = timeouts;
		this.maxConnections = maxConnections;
		this.refusal = refusal;
	}

	@Override
	public TcpNetConnection createNewConnection(Socket socket, boolean server, boolean lookupHost,
			@Nullable ApplicationEventPublisher eventPublisher, @Nullable String connectionFactoryName) {
		// every session, admitted or refused, holds its place until it closes, so refusals cannot pile up unseen
		boolean admitted = this.open.incrementAndGet() <= this.maxConnections;
		return new ConnectionSession(socket, lookupHost, this.queuePosition.getAsLong(), this.timeouts,
				admitted ? null : this.refusal,
				this.open::decrementAndGet, eventPublisher, connectionFactoryName);
	}

	/**
	 * Return how many connections are open, counting those being refused.
	 */
	int openConnections() {
		return this.open.get();
	}

	int maxConnections() {
		return this.maxConnections;
	}

}
