package dev.dsmq.server.tcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * listen (the connection factory binds on a thread of its own and would otherwise only log the failure). It warns
 * when the kernel queues fewer connections than {@code dsmq.backlog} asks for.
 */
class ListenerStartup implements SmartLifecycle, ApplicationListener<IpIntegrationEvent> {

	private static final Log logger = LogFactory.getLog(ListenerStartup.class);

	private static final long TIMEOUT_SECONDS = 30;

	/** Where Linux keeps the most connections a listening socket may queue. */
	private static final Path SOMAXCONN = Path.of("/proc/sys/net/core/somaxconn");

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
			warnIfBacklogIsCut(this.connectionFactory.getBacklog(), SOMAXCONN);
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
	 * Say so when the kernel queues fewer connections than {@code dsmq.backlog} asks for: Linux cuts the backlog of
	 * every listening socket to {@code net.core.somaxconn} without a word, and connects beyond it are dropped in a
	 * burst, their clients trying again a second or more later.
	 * @param cap the file that holds the kernel's cap, where there is one
	 */
	static void warnIfBacklogIsCut(int backlog, Path cap) {
		int most;
		try {
			// a file of /proc says it is empty, and Files.readString takes it at its word after the first byte
			most = Integer.parseInt(Files.readAllLines(cap).get(0).trim());
		}
		catch (IOException | RuntimeException ex) {
			// not Linux, or not readable here: nothing to say
			return;
		}
		if (backlog > most) {
			logger.warn("dsmq.backlog=" + backlog + " is cut to " + most + " by the kernel (" + cap
					+ "): a burst of more connects than that is dropped and retried by the clients; raise both to"
					+ " queue more");
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
