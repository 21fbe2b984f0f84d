package dev.dsmq.server.tcp;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import dev.dsmq.server.protocol.Generation;
import dev.dsmq.server.protocol.RejectReason;
import dev.dsmq.server.protocol.TinyMqRequest;
import dev.dsmq.server.queue.ReadPositions;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.connection.TcpNetConnectionSupport;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The protocol port's connections: creates a {@link Connection} for each accepted socket, admits at most the
 * configured number at a time and none while the server drains its connections to stop (one that is not admitted is
 * only refused), and keeps the open ones, to count, list, drain and close on a stalled write, and the tinyMQ consumer
 * of each topic, whose slot it frees as the consumer's connection closes.
 */
final class Connections implements TcpNetConnectionSupport, OpenConnections {

	private final LongSupplier queuePosition;

	private final int maxConnections;

	/** The most sockets held at once, admitted or refused: as many as the process may open files for. */
	private final int maxSockets;

	private final int maxReadPositions;

	private final Refusals refusals;

	private final InFlightBytes inFlight;

	private final ConnectionInput.Timeouts timeouts;

	private final RequestMeters meters;

	private final Codecs codecs;

	private final AtomicInteger open = new AtomicInteger();

	private final AtomicLong failed = new AtomicLong();

	private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

	/**
	 * Orders a connection's joining the set against the drain's start, and its leaving against the drain's wait: a
	 * lock rather than the set's monitor, which a connection's virtual thread would be pinned on while it waits for it
	 * on JDK 21 to 23.
	 */
	private final Lock lock = new ReentrantLock();

	/** Signalled whenever a connection leaves the set. */
	private final Condition left = this.lock.newCondition();

	private final TinyMqConsumers tinyMqConsumers = new TinyMqConsumers();

	private volatile boolean draining;

	/** What else is done with each connection as it closes, once it has left the set. */
	private volatile Consumer<Connection> afterClose = (connection) -> {
	};

	/**
	 * Create the factory.
	 * @param queuePosition where a connection accepted now starts reading
	 * @param maxConnections the most connections served at once
	 * @param maxSockets the most sockets held at once, served or being refused, as the process's file limit allows
	 * @param maxReadPositions the most topics a connection keeps read positions in
	 * @param refusals where refusals and bad input are logged and counted
	 * @param timeouts how long a frame, and the wait for one, may take
	 * @param meters the meters of the protocol port
	 * @param inFlight the room in memory that all connections' requests and replies share
	 * @param codecs the codec of each generation, chosen per connection
	 */
	Connections(LongSupplier queuePosition, int maxConnections, int maxSockets, int maxReadPositions,
			Refusals refusals, ConnectionInput.Timeouts timeouts, RequestMeters meters, InFlightBytes inFlight,
			Codecs codecs) {
		this.codecs = codecs;
		this.queuePosition = queuePosition;
		this.maxConnections = maxConnections;
		this.maxSockets = maxSockets;
		this.maxReadPositions = maxReadPositions;
		this.refusals = refusals;
		this.inFlight = inFlight;
		this.timeouts = timeouts;
		this.meters = meters;
	}

	@Override
	public TcpNetConnection createNewConnection(Socket socket, boolean server, boolean lookupHost,
			@Nullable ApplicationEventPublisher eventPublisher, @Nullable String connectionFactoryName) {
		awaitRoomForASocket();
		// every connection, admitted or refused, holds its place until it closes, so refusals cannot pile up unseen
		int count = this.open.incrementAndGet();
		Connection.Refusal refused = null;
		if (this.draining) {
			refused = (connection) -> this.refusals.refuse(connection, RejectReason.SERVER_STOPPING, "the server is stopping");
		}
		else if (count > this.maxConnections) {
			refused = (connection) -> this.refusals.refuse(connection, RejectReason.TOO_MANY_CONNECTIONS,
					"too many connections: the server serves at most " + this.maxConnections
							+ " at a time (dsmq.max-connections)");
		}
		Connection connection = new Connection(socket, lookupHost,
				new ReadPositions(this.queuePosition.getAsLong(), this.maxReadPositions),
				this.timeouts, refused, this.refusals, this::closed, new ConnectionMeters(this.meters),
				this.inFlight.new Reservation(), this.codecs, eventPublisher, connectionFactoryName);
		boolean missedByDrain;
		this.lock.lock();
		try {
			this.connections.add(connection);
			missedByDrain = this.draining;
		}
		finally {
			this.lock.unlock();
		}
		if (missedByDrain && refused == null) {
			// admitted as the drain began, which may have looked at the open connections before this one was
			// among them: drained here, so that it is not served on and shutdown does not wait for it
			connection.drain();
		}
		return connection;
	}

	/**
	 * Hold up the accept loop, on whose thread connections are created, while the sockets held take every file the
	 * process may open: an accept that failed for want of one would stop the connection factory, closing every
	 * connection. Connects wait in the kernel's queue meanwhile, and the loop goes on as connections close, or once
	 * the server drains them.
	 */
	private void awaitRoomForASocket() {
		if (this.open.get() < this.maxSockets) {
			return;
		}
		this.lock.lock();
		try {
			while (this.open.get() >= this.maxSockets && !this.draining) {
				this.left.awaitUninterruptibly();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Do the given action with each connection as it closes, once it has left the open connections.
	 */
	void afterClose(Consumer<Connection> action) {
		this.afterClose = action;
	}

	/**
	 * Return how many connections are open, counting those being refused.
	 */
	int openConnections() {
		return this.open.get();
	}

	/**
	 * Return how many connections of a generation are open, counting those being refused; for null, those whose
	 * generation is not known yet.
	 */
	int openConnections(@Nullable Generation generation) {
		int count = 0;
		for (Connection connection : this.connections) {
			if (connection.generation() == generation) {
				count++;
			}
		}
		return count;
	}

	@Override
	public List<Summary> connections() {
		List<Summary> summaries = new ArrayList<>();
		for (Connection connection : this.connections) {
			if (connection.isAdmitted()) {
				ConnectionMeters meters = connection.meters();
				TinyMqRequest.Role role = connection.tinyMqRole();
				summaries.add(new Summary(connection.peer(), Generation.tagOf(connection.generation()),
						meters.openedAt(), meters.requestsServed(), (role != null) ? role.tag() : null,
						connection.tinyMqTopic()));
			}
		}
		return summaries;
	}

	@Override
	public Map<String, Integer> countsByGeneration() {
		Generation[] generations = Generation.values();
		// the last slot for connections whose generation is not known yet
		int[] counts = new int[generations.length + 1];
		for (Connection connection : this.connections) {
			if (connection.isAdmitted()) {
				Generation generation = connection.generation();
				counts[(generation != null) ? generation.ordinal() : generations.length]++;
			}
		}
		Map<String, Integer> byTag = new LinkedHashMap<>();
		for (Generation generation : generations) {
			byTag.put(generation.tag(), counts[generation.ordinal()]);
		}
		byTag.put(Generation.UNKNOWN, counts[generations.length]);
		return byTag;
	}

	/**
	 * Return the tinyMQ consumer of each topic.
	 */
	TinyMqConsumers tinyMqConsumers() {
		return this.tinyMqConsumers;
	}

	/**
	 * Admit connections again after a drain.
	 */
	void admit() {
		this.draining = false;
	}

	/**
	 * Refuse new connections, let every open one finish the requests it has read and then close, and wait until
	 * they have, or the timeout is up.
	 * @return whether every connection closed in time
	 */
	boolean drain(Duration timeout) throws InterruptedException {
		this.lock.lock();
		try {
			// a connection being created now is either among those drained below or sees that it must drain
			this.draining = true;
			// an accept waiting for a file goes on, to refuse what it accepted
			this.left.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		this.connections.forEach(Connection::drain);
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lockInterruptibly();
		try {
			while (!this.connections.isEmpty()) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				this.left.awaitNanos(remaining);
			}
		}
		finally {
			this.lock.unlock();
		}
		return true;
	}

	/**
	 * Return how many connections were closed because the server failed while serving them.
	 */
	long failedConnections() {
		return this.failed.get();
	}

	private void closed(Connection connection) {
		if (connection.hasFailed()) {
			this.failed.incrementAndGet();
		}
		this.open.decrementAndGet();
		// before the connection leaves the list: once it is not listed, its topic may have another consumer
		this.tinyMqConsumers.release(connection);
		this.lock.lock();
		try {
			this.connections.remove(connection);
			this.left.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		this.afterClose.accept(connection);
	}

	/**
	 * Close every connection whose reply has waited longer than the write timeout for the peer to read it.
	 */
	@Scheduled(fixedDelay = 1000)
	void closeStalledWrites() {
		long now = System.nanoTime();
		long timeout = this.timeouts.write().toNanos();
		for (Connection connection : this.connections) {
			if (connection.writeStalledNanos(now) > timeout) {
				this.refusals.reject(connection, RejectReason.WRITE_TIMEOUT, "reply not read by the peer for "
						+ this.timeouts.write().toMillis() + " ms (dsmq.write-timeout)");
				connection.close();
			}
		}
	}

}
