package dev.dsmq.server.tcp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.integration.ip.event.IpIntegrationEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionServerExceptionEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionServerListeningEvent;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * Holds up the end of start-up until the protocol listener accepts connections, and fails start-up if it cannot
 * listen (the connection factory binds on a thread of its own and would otherwise only log the failure).
 */
class ListenerStartup implements SmartLifecycle, ApplicationListener<IpIntegrationEvent> {

	private static final Log logger = LogFactory.getLog(ListenerStartup.class);

	private static final long TIMEOUT_SECONDS = 30;

	private final TcpNetServerConnectionFactory connectionFactory;

	private final String host;

	private final boolean virtualThreads;

	private volatile CompletableFuture<Integer> listening = new CompletableFuture<>();

	private volatile boolean running;

	ListenerStartup(TcpNetServerConnectionFactory connectionFactory, String host, boolean virtualThreads) {
		this.connectionFactory = connectionFactory;
		this.host = host;
		this.virtualThreads = virtualThreads;
	}

	@Override
	public void onApplicationEvent(IpIntegrationEvent event) {
		if (event.getSource() != this.connectionFactory) {
			return;
		}
		if (event instanceof TcpConnectionServerListeningEvent listeningEvent) {
			this.listening.complete(listeningEvent.getPort());
		}
		else if (event instanceof TcpConnectionServerExceptionEvent exceptionEvent) {
			this.listening.completeExceptionally(exceptionEvent.getCause());
		}
	}

	@Override
	public void start() {
		try {
			int port = this.listening.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
			logger.info("dsmq listening on " + this.host + ":" + port + ", each connection on a "
					+ (this.virtualThreads ? "virtual" : "platform") + " thread");
			this.running = true;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("dsmq could not listen on " + this.host + ":"
					+ this.connectionFactory.getPort() + ": " + ex.getCause().getMessage(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("dsmq was not listening on " + this.host + ":"
					+ this.connectionFactory.getPort() + " after " + TIMEOUT_SECONDS + " seconds", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the dsmq listener", ex);
		}
	}

	/**
	 * Stop, and wait for the listener to bind again on the next start: a stopped context can be restarted.
	 */
	@Override
	public void stop() {
		this.running = false;
		this.listening = new CompletableFuture<>();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Start after the inbound gateway, which starts the connection factory.
	 */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

}
