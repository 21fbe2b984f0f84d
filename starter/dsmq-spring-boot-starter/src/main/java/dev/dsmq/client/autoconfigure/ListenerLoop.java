package dev.dsmq.client.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.dsmq.client.ClaimOptions;
import dev.dsmq.client.DsmqClient;
import dev.dsmq.client.DsmqException;
import dev.dsmq.client.ReadOptions;
import dev.dsmq.client.ReceivedMessage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.ObjectMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryTemplate;

/**
 * One consumer of a {@link ListenerGroup}: reads its topic on its own connection with long-polling reads and hands
 * each message to the listener's methods. Nothing but {@link #stop()} ends the loop: failed reads back off and retry,
 * failed methods are retried (if configured), handed to their error handler, or logged. While the listener is paused
 * the loop reads nothing.
 * <p>
 * As a broadcast reader, the loop reads after the sequence number of the last message the listener processed, so
 * that a new connection, after a reconnect or a restart of the listener, carries on where the old one stopped. As a
 * member of a group, it claims each message, deletes it once every method has returned (or its error handler has)
 * and releases it at once otherwise, so that the group gets it again.
 */
final class ListenerLoop implements Runnable {

	private static final Log logger = LogFactory.getLog(ListenerLoop.class);

	private final ListenerGroup listener;

	private final DsmqClient client;

	private final ObjectMapper mapper;

	private final Duration wait;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final ListenerObserver observer;

	private final RetryTemplate retry;

	private final Map<ListenerEndpoint, DsmqListenerErrorHandler> errorHandlers;

	private final ApplicationEventPublisher events;

	private final DsmqObservations observations;

	private final CountDownLatch finished = new CountDownLatch(1);

	private volatile boolean running = true;

	private boolean connected;

	/**
	 * @param retry retries a failed method, null not to
	 * @param errorHandlers each method's error handler, if it has one
	 */
	ListenerLoop(ListenerGroup listener, DsmqClient client, ObjectMapper mapper, DsmqClientProperties properties,
			ListenerObserver observer, RetryTemplate retry, Map<ListenerEndpoint, DsmqListenerErrorHandler> errorHandlers,
			ApplicationEventPublisher events, DsmqObservations observations) {
		this.listener = listener;
		this.client = client;
		this.mapper = mapper;
		this.wait = properties.getListener().getWait();
		this.initialBackoff = properties.getReconnect().getInitialBackoff();
		this.maxBackoff = properties.getReconnect().getMaxBackoff();
		this.observer = observer;
		this.retry = retry;
		this.errorHandlers = errorHandlers;
		this.events = events;
		this.observations = observations;
	}

	/**
	 * Connect now, so that the listener sees every message put from here on; if the server is not there yet, the
	 * loop keeps trying.
	 */
	void connect() {
		try {
			this.client.connect();
			connected();
		}
		catch (DsmqException ex) {
			logger.warn("dsmq listener " + describe() + " is not connected yet: " + ex.getMessage());
		}
	}

	@Override
	public void run() {
		try {
			Duration backoff = Duration.ZERO;
			while (this.running && this.listener.awaitNotPaused(this)) {
				try {
					Optional<ReceivedMessage> message = read();
					if (!backoff.isZero()) {
						logger.info("dsmq listener " + describe() + " is reading again");
						backoff = Duration.ZERO;
						reconnected();
					}
					else if (!this.connected) {
						connected();
					}
					message.ifPresent(this::process);
				}
				catch (RuntimeException ex) {
					if (!this.running) {
						return;
					}
					if (backoff.isZero()) {
						this.events.publishEvent(new DsmqListenerConnectionEvent.Lost(this.listener, this.listener.id(),
								this.listener.topic(), this.listener.group(), ex));
					}
					backoff = backoff.isZero() ? this.initialBackoff : min(backoff.multipliedBy(2), this.maxBackoff);
					logFailedRead(ex, backoff);
					pause(backoff);
				}
			}
		}
		finally {
			this.finished.countDown();
		}
	}

	boolean isRunning() {
		return this.running;
	}

	/**
	 * Stop reading: the read in flight fails as the connection closes.
	 */
	void stop() {
		this.running = false;
		this.client.close();
	}

	/**
	 * Wait until the loop has returned, at most until the deadline.
	 * @return whether it has
	 */
	boolean awaitFinished(long deadlineNanos) throws InterruptedException {
		return this.finished.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
	}

	private void connected() {
		this.connected = true;
		this.events.publishEvent(new DsmqListenerConnectionEvent.Connected(this.listener, this.listener.id(),
				this.listener.topic(), this.listener.group()));
	}

	private void reconnected() {
		if (!this.connected) {
			connected();
			return;
		}
		this.events.publishEvent(new DsmqListenerConnectionEvent.Reconnected(this.listener, this.listener.id(),
				this.listener.topic(), this.listener.group()));
	}

	private Optional<ReceivedMessage> read() {
		String topic = this.listener.topic();
		if (this.listener.isGroup()) {
			return this.client.claim(topic, this.listener.group(), ClaimOptions.defaults().waiting(this.wait));
		}
		ReadOptions options = ReadOptions.oldest().waiting(this.wait);
		long lastSeq = this.listener.lastSeq();
		return this.client.receive(topic, (lastSeq > 0) ? options.after(lastSeq) : options);
	}

	/**
	 * Hand the message to every method; for a group, then delete it, or release it if a method failed. Should the
	 * delete or release fail, the claim runs out and the group gets the message again.
	 */
	private void process(ReceivedMessage message) {
		boolean succeeded = deliver(message);
		String topic = this.listener.topic();
		if (!this.listener.isGroup()) {
			this.listener.processed(message.seq());
		}
		else if (succeeded) {
			this.client.delete(topic, this.listener.group(), message.seq());
		}
		else {
			this.client.release(topic, this.listener.group(), message.seq());
		}
	}

	/**
	 * Call every method with the message.
	 * @return whether every one returned normally, or its error handler did
	 */
	private boolean deliver(ReceivedMessage message) {
		boolean succeeded = true;
		for (ListenerEndpoint endpoint : this.listener.endpoints()) {
			Exception failure = invoke(endpoint, message);
			this.observer.invoked(this.listener.topic(), failure == null);
			if (failure != null && !handled(endpoint, message, failure)) {
				succeeded = false;
			}
		}
		return succeeded;
	}

	/**
	 * Call the method, retrying it as configured.
	 * @return why it failed the last time, or null if it returned
	 */
	private Exception invoke(ListenerEndpoint endpoint, ReceivedMessage message) {
		try {
			if (this.retry == null) {
				observedInvoke(endpoint, message);
			}
			else {
				this.retry.execute(() -> {
					observedInvoke(endpoint, message);
					return null;
				});
			}
			return null;
		}
		catch (RetryException ex) {
			return (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
		catch (Exception ex) {
			return ex;
		}
	}

	/**
	 * Call the method once, observed as a child of the trace the message carries.
	 */
	private void observedInvoke(ListenerEndpoint endpoint, ReceivedMessage message) throws Exception {
		this.observations.listener(this.listener.topic(), this.listener.group(), message,
				() -> endpoint.invoke(message, this.mapper));
	}

	/**
	 * Hand the failure to the method's error handler, or log it if it has none.
	 * @return whether the error handler dealt with the message
	 */
	private boolean handled(ListenerEndpoint endpoint, ReceivedMessage message, Exception failure) {
		DsmqListenerErrorHandler handler = this.errorHandlers.get(endpoint);
		if (handler == null) {
			logger.error("dsmq listener " + endpoint + " failed on message " + message.seq() + " of " + describe(),
					failure);
			return false;
		}
		try {
			handler.handle(message, failure);
			return true;
		}
		catch (Exception ex) {
			if (ex != failure) {
				ex.addSuppressed(failure);
			}
			logger.error("dsmq listener " + endpoint + " failed on message " + message.seq() + " of " + describe()
					+ ", and its error handler did not deal with it", ex);
			return false;
		}
	}

	private String describe() {
		return "'" + this.listener.id() + "' of topic '" + this.listener.topic() + "'"
				+ (this.listener.isGroup() ? " in group '" + this.listener.group() + "'" : "");
	}

	/**
	 * Log the first failure of a run at warning level and the retries that follow at debug level, so that a server
	 * that is down for an hour does not flood the log.
	 */
	private void logFailedRead(RuntimeException ex, Duration backoff) {
		String message = "dsmq listener " + describe() + " failed to read, retrying in " + backoff.toMillis()
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
