package dev.dsmq.server.tcp;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Stops the server gracefully, on SIGTERM and on the {@code shutdown} action alike, both of which close the
 * application context: before the connection factory closes every socket, the port stops accepting connections, and
 * the open ones read no more, answer what they have read, and close, for at most {@code dsmq.shutdown-timeout}. The
 * store closes after them.
 */
class ConnectionDrain implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ConnectionDrain.class);

	private final Connections connections;

	private final ProtocolListener listener;

	private final Duration timeout;

	private volatile boolean running;

	ConnectionDrain(Connections connections, ProtocolListener listener, Duration timeout) {
		this.connections = connections;
		this.listener = listener;
		this.timeout = timeout;
	}

	@Override
	public void start() {
		this.connections.admit();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.listener.stopAccepting();
		try {
			if (!this.connections.drain(this.timeout)) {
				logger.warn(this.connections.openConnections() + " connections were still busy after "
						+ this.timeout.toMillis() + " ms (dsmq.shutdown-timeout); closing them");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stop after waiting reads are released, before the inbound gateway and its connection factory.
	 */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 1;
	}

}
