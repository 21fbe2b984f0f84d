package dev.dsmq.server.queue;

import org.springframework.context.SmartLifecycle;

/**
 * Ends waiting reads as the server begins to stop, before the listener does: they are answered with nothing instead
 * of holding up shutdown while the connection factory waits for its threads. Starting again (a stopped context can be
 * restarted) lets reads wait again.
 */
class WaitingReadsRelease implements SmartLifecycle {

	private final MessageQueue queue;

	private volatile boolean running;

	WaitingReadsRelease(MessageQueue queue) {
		this.queue = queue;
	}

	@Override
	public void start() {
		this.queue.setWaitsAllowed(true);
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.queue.setWaitsAllowed(false);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stop among the first, ahead of the connection factory.
	 */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

}
