package dev.dsmq.client.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.dsmq.client.ClaimOptions;
import dev.dsmq.client.DsmqClient;
import dev.dsmq.client.DsmqException;
import dev.dsmq.client.ReadOptions;
import dev.dsmq.client.ReceivedMessage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads one topic on its own connection with long-polling reads and hands each message to the listener methods of
 * the topic (and group). Nothing but {@link #stop()} ends the loop: failed reads back off and retry, failed methods
 * are logged.
 * <p>
 * As a broadcast reader, the loop reads after the sequence number of the last message it processed, so that a new
 * connection after a reconnect carries on where the old one stopped. As a member of a group, it claims each message,
 * deletes it once every method has returned and releases it at once when one throws, so that the group gets it
 * again.
 */
final class ListenerLoop implements Runnable {

	private static final Log logger = LogFactory.getLog(ListenerLoop.class);

	private final String topic;

	/** The group the loop consumes the topic as, or empty for a broadcast reader. */
	private final String group;

	private final List<ListenerEndpoint> endpoints;

	private final DsmqClient client;

	private final ObjectMapper mapper;

	private final Duration wait;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final ListenerObserver observer;

	private volatile boolean running = true;

	/** The sequence number of the last message processed as a broadcast reader; 0 before the first. */
	private long lastSeq;

	ListenerLoop(String topic, String group, List<ListenerEndpoint> endpoints, DsmqClient client, ObjectMapper mapper,
			DsmqClientProperties properties, ListenerObserver observer) {
		this.topic = topic;
		this.group = group;
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
			logger.warn("dsmq listener of " + describe() + " is not connected yet: " + ex.getMessage());
		}
	}

	@Override
	public void run() {
		Duration backoff = Duration.ZERO;
		while (this.running) {
			try {
				Optional<ReceivedMessage> message = read();
				if (!backoff.isZero()) {
					logger.info("dsmq listener of " + describe() + " is reading again");
					backoff = Duration.ZERO;
				}
				message.ifPresent(this::process);
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

	String group() {
		return this.group;
	}

	void stop() {
		this.running = false;
		this.client.close();
	}

	private Optional<ReceivedMessage> read() {
		if (!this.group.isEmpty()) {
			return this.client.claim(this.topic, this.group, ClaimOptions.defaults().waiting(this.wait));
		}
		ReadOptions options = ReadOptions.oldest().waiting(this.wait);
		return this.client.receive(this.topic, (this.lastSeq > 0) ? options.after(this.lastSeq) : options);
	}

	/**
	 * Hand the message to every method; for a group, then delete it, or release it if a method failed. Should the
	 * delete or release fail, the claim runs out and the group gets the message again.
	 */
	private void process(ReceivedMessage message) {
		boolean succeeded = deliver(message);
		if (this.group.isEmpty()) {
			this.lastSeq = message.seq();
		}
		else if (succeeded) {
			this.client.delete(this.topic, this.group, message.seq());
		}
		else {
			this.client.release(this.topic, this.group, message.seq());
		}
	}

	/**
	 * Call every method with the message.
	 * @return whether every one returned normally
	 */
	private boolean deliver(ReceivedMessage message) {
		boolean succeeded = true;
		for (ListenerEndpoint endpoint : this.endpoints) {
			try {
				endpoint.invoke(message, this.mapper);
				this.observer.invoked(this.topic, true);
			}
			catch (Exception ex) {
				succeeded = false;
				this.observer.invoked(this.topic, false);
				logger.error("dsmq listener " + endpoint + " failed on message " + message.seq() + " of "
						+ describe(), ex);
			}
		}
		return succeeded;
	}

	private String describe() {
		return "topic '" + this.topic + "'" + (this.group.isEmpty() ? "" : " in group '" + this.group + "'");
	}

	/**
	 * Log the first failure of a run at warning level and the retries that follow at debug level, so that a server
	 * that is down for an hour does not flood the log.
	 */
	private void logFailedRead(RuntimeException ex, Duration backoff) {
		String message = "dsmq listener of " + describe() + " failed to read, retrying in " + backoff.toMillis()
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
