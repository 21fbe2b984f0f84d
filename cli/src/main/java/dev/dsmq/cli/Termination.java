package dev.dsmq.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ends a command that runs until stopped cleanly on Ctrl-C or SIGTERM: the JVM's shutdown runs the given stop, then
 * waits, for a moment at most, for the command to finish what it prints; closed, the command is done.
 */
final class Termination implements AutoCloseable {

	/** How long the JVM's exit waits for the command to finish printing. */
	private static final long GRACE_MILLIS = 2000;

	private final CountDownLatch done = new CountDownLatch(1);

	private final Thread hook;

	private Termination(Runnable stop) {
		this.hook = new Thread(() -> {
			stop.run();
			try {
				this.done.await(GRACE_MILLIS, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "dsmq-termination");
	}

	static Termination onSignal(Runnable stop) {
		Termination termination = new Termination(stop);
		Runtime.getRuntime().addShutdownHook(termination.hook);
		return termination;
	}

	@Override
	public void close() {
		this.done.countDown();
		try {
			Runtime.getRuntime().removeShutdownHook(this.hook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down: the hook runs, and now finds the command done
		}
	}

}
