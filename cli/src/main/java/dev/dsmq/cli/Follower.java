package dev.dsmq.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

import dev.dsmq.client.DsmqClient;
import dev.dsmq.client.DsmqException;
import dev.dsmq.client.ReadOptions;
import dev.dsmq.client.ReceivedMessage;

/**
 * Reads every message put to a topic as it arrives, with waiting reads, until it has read enough, its time is up, or
 * it is stopped. Each read names the sequence number of the last one, so nothing is read twice or skipped.
 */
final class Follower {

	/** How long each read waits on the server for a message; the server may cap it lower. */
	private static final Duration READ_WAIT = Duration.ofSeconds(30);

	private final DsmqClient client;

	private final String topic;

	private final long count;

	private final Duration duration;

	private long last;

	private volatile boolean stopped;

	/**
	 * @param after the sequence number to read after, 0 for the oldest held, negative for what is put from now on
	 * @param count how many messages to read, 0 for no end
	 * @param duration how long to read, null for no end
	 */
	Follower(DsmqClient client, String topic, long after, long count, Duration duration) {
		this.client = client;
		this.topic = topic;
		this.last = after;
		this.count = count;
		this.duration = duration;
	}

	/**
	 * Hand each message read to the sink, on this thread, until done.
	 * @return how many messages were read
	 */
	long run(Consumer<ReceivedMessage> sink) {
		long started = System.nanoTime();
		long read = 0;
		while (!this.stopped && (this.count == 0 || read < this.count)) {
			Duration wait = READ_WAIT;
			if (this.duration != null) {
				Duration left = this.duration.minusNanos(System.nanoTime() - started);
				if (left.toMillis() < 1) {
					break;
				}
				wait = (left.compareTo(READ_WAIT) < 0) ? Duration.ofMillis(left.toMillis()) : READ_WAIT;
			}
			ReadOptions options = ReadOptions.oldest().waiting(wait);
			if (this.last >= 0) {
				options = options.after(this.last);
			}
			Optional<ReceivedMessage> message;
			try {
				message = this.client.receive(this.topic, options);
			}
			catch (DsmqException ex) {
				if (this.stopped) {
					break;
				}
				throw ex;
			}
			if (message.isPresent() && !this.stopped) {
				this.last = message.get().seq();
				read++;
				sink.accept(message.get());
			}
		}
		return read;
	}

	/**
	 * Stop reading, from another thread: the read waiting now ends, without an error.
	 */
	void stop() {
		this.stopped = true;
		this.client.close();
	}

}
