package dev.dsmq.server.tcp;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * The protocol port's connection factory, which can stop accepting connections while it goes on serving the open
 * ones: a server that is stopping refuses new connections at once, as dsmq 1.x's client expects after a
 * {@code shutdown}, rather than accepting them only to turn them away.
 * <p>
 * It runs its accept loop and its connections on {@link ConnectionThreads}, and takes each connection off its list
 * as the connection closes: the factory's own way, a walk of every open connection after each accept to find those
 * that closed, took 94% of the accept loop's time with 10,000 open, and a burst of connects overflowed the accept
 * queue behind it.
 */
final class ProtocolListener extends TcpNetServerConnectionFactory {

	private static final Log logger = LogFactory.getLog(ProtocolListener.class);

	/** How long stopping waits for the connections' threads once their sockets are closed: as the factory's pool. */
	private static final Duration THREADS_END_TIMEOUT = Duration.ofSeconds(10);

	private final ConnectionThreads threads;

	ProtocolListener(int port, ConnectionThreads threads, Connections connections) {
		super(port);
		this.threads = threads;
		setTaskExecutor(threads);
		setTcpNetConnectionSupport(connections);
		connections.afterClose(this::forget);
	}

	ConnectionThreads threads() {
		return this.threads;
	}

	/**
	 * Close every connection, then wait a while for their threads to end, so that what stops after the factory, the
	 * store among it, is not stopped under a batch still being acted on.
	 */
	@Override
	public void stop() {
		super.stop();
		try {
			int running = this.threads.awaitEnded(THREADS_END_TIMEOUT);
			if (running > 0) {
				logger.warn(running + " connection threads were still running " + THREADS_END_TIMEOUT.toSeconds()
						+ " s after their connections were closed");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Closed connections leave the list as they close ({@link #forget}), so there is nothing to look for after an
	 * accept.
	 */
	@Override
	protected void harvestClosedConnections() {
	}

	@Override
	protected void addConnection(TcpConnectionSupport connection) {
		super.addConnection(connection);
		if (connection instanceof Connection served && served.isClosed()) {
			// closed before it was listed, from another thread: its close had nothing to take off the list
			forget(served);
		}
	}

	/**
	 * Return how many connections the factory lists as open, without looking for closed ones among them.
	 */
	int listed() {
		this.connectionsMonitor.lock();
		try {
			return this.connections.size();
		}
		finally {
			this.connectionsMonitor.unlock();
		}
	}

	/**
	 * Take a closed connection off the factory's list of open ones.
	 */
	private void forget(Connection connection) {
		this.connectionsMonitor.lock();
		try {
			this.connections.remove(connection.getConnectionId());
		}
		finally {
			this.connectionsMonitor.unlock();
		}
	}

	/**
	 * Close the listening socket; the open connections are served on, and stopping the factory closes them. The
	 * factory logs the closed socket at INFO and starts listening again when it is started again.
	 */
	void stopAccepting() {
		ServerSocket serverSocket = getServerSocket();
		if (serverSocket != null) {
			try {
				serverSocket.close();
			}
			catch (IOException ex) {
				// the socket is closed either way
			}
		}
	}

}
