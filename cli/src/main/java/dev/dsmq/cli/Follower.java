package dev.dsmq.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.dsmq.client.DsmqClient;
import dev.dsmq.client.DsmqException;
import dev.dsmq.client.ReadOptions;
import dev.dsmq.client.ReceivedMessage;

/**
 * Reads every message put to a topic as it arrives, with waiting reads, until it has read enough, its time is up, or
 * it is stopped. Each read names the sequence number of the last one, so nothing is read twice or skipped.
 * <p>
 * A lost connection is said once on the error stream and connected again, as {@code mosquitto_sub} and
 * {@code nats sub} do, the client backing off between attempts; reading goes on after the last message read, so
 * what was put meanwhile is read too, if the server still holds it. A refused token, or a peer that does not speak
 * the protocol, ends it instead, as does a lost connection where reconnecting is turned off.
 */
final class Follower {

	/** How long each read waits on the server for a message; the server may cap it lower. */
	private static final Duration READ_WAIT = Duration.ofSeconds(30);

	/** How long to pause between attempts to connect again; the client's own backoff spaces the real attempts. */
	private static final Duration RECONNECT_PAUSE = Duration.ofMillis(100);

	private final DsmqClient client;

	private final String topic;

	private final long count;

	private final Duration duration;

	private final boolean reconnect;

	private final String address;

	private final PrintWriter err;

	private final CountDownLatch stop = new CountDownLatch(1);

	private long last;

	private volatile boolean stopped;

	/**
	 * @param after the sequence number to read after, 0 for the oldest held, negative for what is put from now on
	 * @param count how many messages to read, 0 for no end
	 * @param duration how long to read, null for no end
	 * @param reconnect whether to connect again when the connection is lost, rather than fail
	 * @param address the server's address, for what is said on the error stream
	 * @param err where to say that the connection was lost and is back
	 */
	Follower(DsmqClient client, String topic, long after, long count, Duration duration, boolean reconnect,
			String address, PrintWriter err) {
		this.client = client;
		this.topic = topic;
		this.last = after;
		this.count = count;
		this.duration = duration;
		this.reconnect = reconnect;
		this.address = address;
		this.err = err;
	}

	/**
	 * Hand each message read to the sink, on this thread, until done.
	 * @return how many messages were read
	 */
	long run(Consumer<ReceivedMessage> sink) {
		long started = System.nanoTime();
		long read = 0;
		boolean lost = false;
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
				if (lost) {
					this.client.connect();
					lost = false;
					say("reconnected to " + this.address + ((this.last >= 0) ? ", reading after " + this.last : ""));
				}
				message = this.client.receive(this.topic, options);
			}
			catch (DsmqException ex) {
				if (this.stopped) {
					break;
				}
				if (!this.reconnect || Failure.of(ex).exitCode() != Dsmq.UNAVAILABLE) {
					throw ex;
				}
				if (!lost) {
					lost = true;
					say("lost " + this.address + " (" + ex.getMessage() + "); connecting again");
				}
				pause();
				continue;
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
		this.stop.countDown();
		this.client.close();
	}

	private void pause() {
		try {
			this.stop.await(RECONNECT_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.stopped = true;
		}
	}

	private void say(String what) {
		this.err.println("dsmq: " + what);
		this.err.flush();
	}

}
