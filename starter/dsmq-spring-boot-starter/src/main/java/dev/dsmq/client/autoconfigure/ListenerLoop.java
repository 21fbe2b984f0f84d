package dev.dsmq.client.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.dsmq.client.DsmqClient;
import dev.dsmq.client.DsmqException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads one topic on its own connection with long-polling gets and hands each message to the topic's listener
 * methods. Nothing but {@link #stop()} ends the loop: failed gets back off and retry, failed methods are logged.
 */
final class ListenerLoop implements Runnable {

	private static final Log logger = LogFactory.getLog(ListenerLoop.class);

	private final String topic;

	private final List<ListenerEndpoint> endpoints;

	private final DsmqClient client;

	private final ObjectMapper mapper;

	private final Duration wait;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final ListenerObserver observer;

	private volatile boolean running = true;

	ListenerLoop(String topic, List<ListenerEndpoint> endpoints, DsmqClient client, ObjectMapper mapper,
			DsmqClientProperties properties, ListenerObserver observer) {
		this.topic = topic;
		this.endpoints = endpoints;
		this.client = client;
		this.mapper = mapper;
		this.wait = properties.getListener().getWait();
		this.initialBackoff = properties.getReconnect().getInitialBackoff();
		this.maxBackoff = properties.getReconnect().getMaxBackoff();
		this.observer = observer;
	}

	/**
	 * Connect now, so that the listener sees every message put from here on; if the server is not there yet, the
	 * loop keeps trying.
	 */
	void connect() {
		try {
			this.client.connect();
		}
		catch (DsmqException ex) {
			logger.warn("dsmq listener of topic '" + this.topic + "' is not connected yet: " + ex.getMessage());
		}
	}

	@Override
	public void run() {
		Duration backoff = Duration.ZERO;
		while (this.running) {
			try {
				Optional<JsonNode> message = this.client.getWait(this.topic, this.wait);
				if (!backoff.isZero()) {
					logger.info("dsmq listener of topic '" + this.topic + "' is reading again");
					backoff = Duration.ZERO;
				}
				message.ifPresent(this::deliver);
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					return;
				}
				backoff = backoff.isZero() ? this.initialBackoff : min(backoff.multipliedBy(2), this.maxBackoff);
				logFailedRead(ex, backoff);
				pause(backoff);
			}
		}
	}

	String topic() {
		return this.topic;
	}

	void stop() {
		this.running = false;
		this.client.close();
	}

	private void deliver(JsonNode message) {
		for (ListenerEndpoint endpoint : this.endpoints) {
			try {
				endpoint.invoke(message, this.mapper);
				this.observer.invoked(this.topic, true);
			}
			catch (Exception ex) {
				this.observer.invoked(this.topic, false);
				logger.error("dsmq listener " + endpoint + " failed on a message of topic '" + this.topic + "'", ex);
			}
		}
	}

	/**
	 * Log the first failure of a run at warning level and the retries that follow at debug level, so that a server
	 * that is down for an hour does not flood the log.
	 */
	private void logFailedRead(RuntimeException ex, Duration backoff) {
		String message = "dsmq listener of topic '" + this.topic + "' failed to read, retrying in " + backoff.toMillis()
				+ " ms: " + ex.getMessage();
		if (backoff.equals(this.initialBackoff)) {
			logger.warn(message);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message);
		}
	}

	private void pause(Duration backoff) {
		try {
			Thread.sleep(backoff.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
