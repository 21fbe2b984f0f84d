package dev.dsmq.server.tcp;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * The protocol port's connection factory, which can stop accepting connections while it goes on serving the open
 * ones: a server that is stopping refuses new connections at once, as dsmq 1.x's client expects after a
 * {@code shutdown}, rather than accepting them only to turn them away.
 * <p>
 * It runs its accept loop and its connections on {@link ConnectionThreads}.
 */
final class ProtocolListener extends TcpNetServerConnectionFactory {

	private static final Log logger = LogFactory.getLog(ProtocolListener.class);

	/** How long stopping waits for the connections' threads once their sockets are closed: as the factory's pool. */
	private static final Duration THREADS_END_TIMEOUT = Duration.ofSeconds(10);

	private final ConnectionThreads threads;

	ProtocolListener(int port, ConnectionThreads threads) {
		super(port);
		this.threads = threads;
		setTaskExecutor(threads);
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
