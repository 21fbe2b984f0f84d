package dev.dsmq.server.tcp;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.integration.ip.tcp.connection.TcpServerConnectionFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The threads of the protocol port: the connection factory runs its accept loop and every connection on the executor
 * it is given.
 * <p>
 * A connection's thread spends most of its life waiting for the peer, so where the JDK has virtual threads (21 and
 * newer) and {@code dsmq.virtual-threads} is on, each connection gets one: while it waits, a virtual thread is a few
 * KiB of heap and no kernel task, where a platform thread keeps its stack and its task. On JDK 17, or with the
 * property off, each connection gets a platform thread of its own, from a pool that keeps a thread for a minute after
 * its connection has closed, for the next one. Either way the threads are named {@code dsmq-conn-N}, for the log.
 * The accept loop keeps a platform thread, {@code dsmq-listener}, so that a burst of connects is accepted without
 * waiting for a carrier.
 * <p>
 * Stopping waits a while for the connections' threads to end once their sockets are closed, as the factory's own
 * executor did, so that the store is not closed under a batch still being acted on.
 */
final class ConnectionThreads implements Executor {

	static final String NAME_PREFIX = "dsmq-conn-";

	static final String LISTENER_NAME = "dsmq-listener";

	/** Where each connection's task runs: a new virtual thread, or a platform thread of the pool. */
	private final Executor executor;

	private final boolean virtual;

	/** How many connections' tasks have been started and not ended. */
	private final AtomicInteger running = new AtomicInteger();

	private final Lock lock = new ReentrantLock();

	/** Signalled when the last connection's task ends. */
	private final Condition ended = this.lock.newCondition();

	/**
	 * Create the threads of the protocol port.
	 * @param executor what starts each connection's task on a thread of its own
	 * @param virtual whether those threads are virtual
	 */
	ConnectionThreads(Executor executor, boolean virtual) {
		this.executor = executor;
		this.virtual = virtual;
	}

	/**
	 * Create the threads: virtual if asked for and the JDK has them, platform threads otherwise.
	 */
	static ConnectionThreads create(boolean virtualWanted) {
		if (virtualWanted) {
			try {
				return new ConnectionThreads(new VirtualThreadTaskExecutor(NAME_PREFIX), true);
			}
			catch (UnsupportedOperationException ex) {
				// JDK 17: Spring's virtual-thread support is a multi-release class that only JDK 21 and newer load
			}
		}
		CustomizableThreadFactory platform = new CustomizableThreadFactory(NAME_PREFIX);
		// as virtual threads are: a connection still open when the server has stopped does not keep the JVM alive
		platform.setDaemon(true);
		// starting a platform thread for every connection made a client that connects for each get two to five times
		// slower on JDK 17 (156-415 us a connection against 63-81 us with threads to reuse)
		ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
				new SynchronousQueue<>(), platform);
		return new ConnectionThreads(pool, false);
	}

	/**
	 * Whether connections are served on virtual threads.
	 */
	boolean isVirtual() {
		return this.virtual;
	}

	/**
	 * Start the thread of a connection, or the accept loop's. A connection for which no thread can be started (the
	 * JVM or the process has run out of them) is closed, giving back its slot, and the accept loop goes on: the
	 * connection factory logs the failure and closes the socket.
	 */
	@Override
	public void execute(Runnable task) {
		if (task instanceof TcpServerConnectionFactory) {
			Thread listener = new Thread(task, LISTENER_NAME);
			listener.setDaemon(true);
			listener.start();
			return;
		}
		this.running.incrementAndGet();
		try {
			this.executor.execute(() -> {
				try {
					task.run();
				}
				finally {
					ended();
				}
			});
		}
		catch (OutOfMemoryError ex) {
			ended();
			if (task instanceof Connection connection) {
				connection.close();
			}
			throw new IllegalStateException("no thread to serve the connection: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Wait until the thread of every connection has ended, or the timeout is up.
	 * @return how many are still running
	 */
	int awaitEnded(Duration timeout) throws InterruptedException {
		long left = timeout.toNanos();
		this.lock.lockInterruptibly();
		try {
			while (this.running.get() > 0 && left > 0) {
				left = this.ended.awaitNanos(left);
			}
			return this.running.get();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void ended() {
		if (this.running.decrementAndGet() == 0) {
			this.lock.lock();
			try {
				this.ended.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

}
