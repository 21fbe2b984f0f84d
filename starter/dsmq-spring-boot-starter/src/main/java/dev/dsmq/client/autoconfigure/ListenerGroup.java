package dev.dsmq.client.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.springframework.core.task.TaskExecutor;

/**
 * One listener: the {@link DsmqListener} methods of one topic and group, their consumers while it runs, whether it
 * is paused, and, for a broadcast listener, the sequence number of the last message it processed, which outlives a
 * stop so that a restart reads on from there.
 */
final class ListenerGroup {

	private final String id;

	private final String topic;

	private final String group;

	private final List<ListenerEndpoint> endpoints;

	private final int consumers;

	private final boolean autoStartup;

	private final AtomicLong lastSeq = new AtomicLong();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition resumed = this.lock.newCondition();

	private boolean paused;

	private final List<ListenerLoop> loops = new ArrayList<>();

	ListenerGroup(String id, String topic, String group, List<ListenerEndpoint> endpoints, int consumers,
			boolean autoStartup) {
		this.id = id;
		this.topic = topic;
		this.group = group;
		this.endpoints = List.copyOf(endpoints);
		this.consumers = consumers;
		this.autoStartup = autoStartup;
	}

	String id() {
		return this.id;
	}

	String topic() {
		return this.topic;
	}

	/**
	 * Return the group the listener consumes its topic as, empty for a broadcast listener.
	 */
	String group() {
		return this.group;
	}

	boolean isGroup() {
		return !this.group.isEmpty();
	}

	List<ListenerEndpoint> endpoints() {
		return this.endpoints;
	}

	boolean isAutoStartup() {
		return this.autoStartup;
	}

	long lastSeq() {
		return this.lastSeq.get();
	}

	void processed(long seq) {
		this.lastSeq.accumulateAndGet(seq, Math::max);
	}

	/**
	 * Start the consumers, each connected before it is handed to the executor, so that a broadcast listener sees
	 * what is put from now on; nothing if the listener runs.
	 */
	void start(Function<ListenerGroup, ListenerLoop> loops, TaskExecutor executor) {
		this.lock.lock();
		try {
			if (!this.loops.isEmpty()) {
				return;
			}
			this.paused = false;
			for (int i = 0; i < this.consumers; i++) {
				ListenerLoop loop = loops.apply(this);
				loop.connect();
				this.loops.add(loop);
				executor.execute(loop);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Tell every consumer to stop, without waiting for them.
	 * @return the consumers told, to wait for
	 */
	List<ListenerLoop> signalStop() {
		this.lock.lock();
		try {
			List<ListenerLoop> stopping = List.copyOf(this.loops);
			this.loops.clear();
			stopping.forEach(ListenerLoop::stop);
			this.resumed.signalAll();
			return stopping;
		}
		finally {
			this.lock.unlock();
		}
	}

	boolean isRunning() {
		this.lock.lock();
		try {
			return !this.loops.isEmpty();
		}
		finally {
			this.lock.unlock();
		}
	}

	boolean isPaused() {
		this.lock.lock();
		try {
			return this.paused;
		}
		finally {
			this.lock.unlock();
		}
	}

	void pause() {
		this.lock.lock();
		try {
			this.paused = true;
		}
		finally {
			this.lock.unlock();
		}
	}

	void resume() {
		this.lock.lock();
		try {
			this.paused = false;
			this.resumed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wait while the listener is paused; a lock and condition rather than a monitor, so that a virtual thread
	 * waiting here leaves its carrier.
	 * @return whether the loop is to go on reading
	 */
	boolean awaitNotPaused(ListenerLoop loop) {
		this.lock.lock();
		try {
			while (this.paused && loop.isRunning()) {
				this.resumed.await();
			}
			return loop.isRunning();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public String toString() {
		return "dsmq listener '" + this.id + "'";
	}

}
