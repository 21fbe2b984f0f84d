package dev.dsmq.server.tcp;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.dsmq.server.ShutdownPolicy;
import dev.dsmq.server.protocol.Action;
import dev.dsmq.server.protocol.FramingError;
import dev.dsmq.server.protocol.InvalidRequestException;
import dev.dsmq.server.protocol.RejectReason;
import dev.dsmq.server.protocol.Reply;
import dev.dsmq.server.protocol.Request;
import dev.dsmq.server.protocol.RequestParser;
import dev.dsmq.server.queue.PutOutcome;
import dev.dsmq.server.queue.QueueService;
import dev.dsmq.server.queue.QueueService.NewMessage;
import dev.dsmq.server.queue.StoredMessage;
import dev.dsmq.server.queue.TooManyReadPositionsException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Acts on the frames that one connection sent together, in order, and writes their replies.
 */
class RequestHandler {

	private static final Log logger = LogFactory.getLog(RequestHandler.class);

	/** How often a read that waits for a message looks whether its peer has gone. */
	static final Duration PEER_CHECK_INTERVAL = Duration.ofSeconds(1);

	private final QueueService queue;

	private final RequestParser parser;

	private final TokenAuthentication authentication;

	private final ShutdownPolicy shutdownPolicy;

	private final ServerShutdown shutdown;

	private final Duration maxWait;

	/** How long a read waits for room in memory for its message before it is answered with an error. */
	private final Duration roomWait;

	private final Refusals refusals;

	private final RequestMeters meters;


	RequestHandler(QueueService queue, RequestParser parser, TokenAuthentication authentication,
			ShutdownPolicy shutdownPolicy, ServerShutdown shutdown, Duration maxWait, Duration roomWait,
			Refusals refusals, RequestMeters meters) {
		this.queue = queue;
		this.parser = parser;
		this.authentication = authentication;
		this.shutdownPolicy = shutdownPolicy;
		this.shutdown = shutdown;
		this.maxWait = maxWait;
		this.roomWait = roomWait;
		this.refusals = refusals;
		this.meters = meters;
	}

	/**
	 * Act on the frames that arrived together, in order, and write the replies. Consecutive puts are stored in one
	 * transaction, before any request that follows them; the replies leave together, except that those before a
	 * read that waits leave before it waits. A frame that breaks framing ends the batch. Each frame is dropped from
	 * the list as it is acted on, so that a batch holds in memory only what it still needs.
	 */
	void handle(List<Object> frames, ConnectionSession session) {
		session.meters().started(System.nanoTime());
		this.meters.received(frames);
		Batch batch = new Batch(session);
		try {
			for (int i = 0; i < frames.size(); i++) {
				Object frame = frames.set(i, null);
				if (!handle(frame, batch) || batch.isPeerGone()) {
					break;
				}
			}
			store(batch);
			batch.flush();
		}
		finally {
			frames.clear();
			session.room().releaseAll();
			session.meters().served(batch.requests());
		}
	}

	/**
	 * Act on one frame.
	 * @return whether the connection stays open
	 */
	private boolean handle(Object frame, Batch batch) {
		ConnectionSession session = batch.session();
		if (frame instanceof FramingError error) {
			this.refusals.reject(session, error.reason(), error.detail());
			store(batch);
			return batch.reply(Reply.fatal(error.detail()));
		}
		byte[] body = (byte[]) frame;
		batch.consumed(body.length);
		Request request;
		try {
			request = this.parser.parse(body);
		}
		catch (InvalidRequestException ex) {
			return refuse(ex, batch);
		}
		if (!session.isAuthenticated() || request.action() == Action.AUTH) {
			TokenAuthentication.Refusal refusal = this.authentication.check(request, session.isAuthenticated());
			if (refusal != null) {
				return refuse(refusal, batch);
			}
			session.authenticate();
		}
		batch.served();
		if (request.action() == Action.PUT) {
			batch.put(new NewMessage(request.topic(), request.message()), request.id());
			return true;
		}
		store(batch);
		try {
			dispatch(request, batch);
		}
		catch (RuntimeException ex) {
			logger.error("Failed to handle " + request.action().wireName() + " from " + session.peer(), ex);
			if (request.isAnswered()) {
				batch.reply(Reply.error(request.id(), "internal server error"));
			}
		}
		return true;
	}

	private boolean refuse(InvalidRequestException invalid, Batch batch) {
		ConnectionSession session = batch.session();
		if (!session.isAuthenticated() && this.authentication.isRequired()) {
			return refuse(this.authentication.check(invalid), batch);
		}
		this.refusals.reject(session, invalid.getReason(), invalid.getMessage());
		if (!invalid.isReplyExpected()) {
			return true;
		}
		store(batch);
		return batch.reply(invalid.getReason().closesConnection() ? Reply.fatal(invalid.getMessage())
				: Reply.error(invalid.getId(), invalid.getMessage()));
	}

	/**
	 * Refuse a connection that has not authenticated: nothing it sent is acted on, the puts before included.
	 */
	private boolean refuse(TokenAuthentication.Refusal refusal, Batch batch) {
		this.refusals.reject(batch.session(), refusal.reason(), refusal.detail());
		batch.settle();
		return batch.reply(Reply.fatal(refusal.detail()));
	}

	/**
	 * Store the puts gathered so far, acknowledge those that asked for it, and forget them.
	 */
	private void store(Batch batch) {
		List<NewMessage> puts = batch.puts();
		if (puts.isEmpty()) {
			batch.settle();
			return;
		}
		PutOutcome outcome = this.queue.putAll(puts);
		if (outcome.refusedCount() > 0) {
			logger.error("Failed to store " + outcome.refusedCount() + " of " + puts.size() + " messages from "
					+ batch.session().peer(), outcome.failure());
		}
		this.meters.stored(outcome.storedCount(), batch.session().meters().startNanos());
		List<byte @Nullable []> ids = batch.putIds();
		for (int i = 0; i < ids.size(); i++) {
			byte[] id = ids.get(i);
			if (id != null) {
				batch.reply(outcome.isStored(i) ? Reply.ok(id)
						: Reply.error(id, "internal server error: message not stored"));
			}
		}
		batch.settle();
	}

	private void dispatch(Request request, Batch batch) {
		switch (request.action()) {
			case PUT -> throw new IllegalStateException("puts are stored in batches");
			case GET, GET_LATEST -> read(request, batch);
			case SHUTDOWN -> shutdown(request, batch);
			case AUTH -> batch.reply(Reply.acknowledged(request.id()));
		}
	}

	private void read(Request request, Batch batch) {
		ConnectionSession session = batch.session();
		Optional<StoredMessage> found = readWithRoom(request, batch);
		if (found == null) {
			return;
		}
		Duration wait = longPoll(request);
		if (found.isEmpty() && !wait.isZero()) {
			// the replies before this read are due now, not when it ends
			if (!batch.flush()) {
				return;
			}
			found = await(request, wait, batch);
			if (found == null) {
				return;
			}
			session.meters().waited(request.action());
		}
		else {
			session.meters().replyReady(request.action());
		}
		this.meters.read(request.action(), found.isPresent());
		if (found.isEmpty()) {
			batch.reply(Reply.empty(request.id()));
			return;
		}
		StoredMessage message = found.get();
		// the room taken for the message is the reply's until it is written
		batch.reply(Reply.message(request.id(), message.body()), message.body().length);
	}

	/**
	 * Wait for a message to be put, looking every {@link #PEER_CHECK_INTERVAL} whether the peer is still there, so
	 * that a peer that sent a long wait and left frees its connection within a second.
	 * @return the message, none if the wait ended without one, or {@code null} if the peer has gone or the read was
	 * answered otherwise
	 */
	private @Nullable Optional<StoredMessage> await(Request request, Duration wait, Batch batch) {
		ConnectionSession session = batch.session();
		long deadline = System.nanoTime() + wait.toNanos();
		while (true) {
			long left = deadline - System.nanoTime();
			if (left <= 0 || !this.queue.waitsAllowed()) {
				return Optional.empty();
			}
			Duration slice = Duration.ofNanos(Math.min(left, PEER_CHECK_INTERVAL.toNanos()));
			if (this.queue.awaitNewer(request.topic(), session.positions(), slice)) {
				Optional<StoredMessage> found = readWithRoom(request, batch);
				if (found == null || found.isPresent()) {
					return found;
				}
			}
			else if (this.queue.waitsAllowed() && session.peerClosed()) {
				batch.peerGone();
				return null;
			}
		}
	}

	/**
	 * Read a message after finding room for it in memory: as much as the largest message the topic holds, waiting
	 * for it if need be (not for a small one), then just the message's.
	 * @return the message or none, or {@code null} if there was no room in time and the read was answered so
	 */
	private @Nullable Optional<StoredMessage> readWithRoom(Request request, Batch batch) {
		ConnectionSession session = batch.session();
		String topic = request.topic();
		long taken = this.queue.largestBody(topic);
		InFlightBytes.Reservation room = session.room();
		if (taken <= InFlightBytes.SMALL) {
			room.force(taken);
		}
		else if (!room.tryAcquire(taken) && !waitForRoom(taken, batch)) {
			String reason = "no room for a message of up to " + taken + " bytes: the server holds as many bytes "
					+ "in flight as it may (dsmq.max-in-flight-bytes); try again";
			this.refusals.reject(session, RejectReason.NO_ROOM_FOR_REPLY, reason);
			batch.reply(Reply.error(request.id(), reason));
			return null;
		}
		Optional<StoredMessage> found;
		try {
			found = (request.action() == Action.GET_LATEST) ? this.queue.latest(topic, session.positions())
					: this.queue.next(topic, session.positions());
		}
		catch (TooManyReadPositionsException ex) {
			room.release(taken);
			this.refusals.reject(session, RejectReason.TOO_MANY_READ_POSITIONS, ex.getMessage());
			batch.reply(Reply.error(request.id(), ex.getMessage()));
			return null;
		}
		long needed = found.map((message) -> (long) message.body().length).orElse(0L);
		if (needed > taken) {
			// a larger message was put in between: it is in memory already
			room.force(needed - taken);
		}
		else {
			room.release(taken - needed);
		}
		return found;
	}

	/**
	 * Wait for room, holding none: the replies so far are written, and the room of what was acted on given back.
	 */
	private boolean waitForRoom(long bytes, Batch batch) {
		batch.flush();
		batch.settle();
		try {
			long deadline = System.nanoTime() + this.roomWait.toNanos();
			return batch.session().room().acquire(bytes, deadline, batch.session()::isClosed);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private Duration longPoll(Request request) {
		Duration wait = request.longPoll();
		if (wait == null) {
			return Duration.ZERO;
		}
		return (wait.compareTo(this.maxWait) > 0) ? this.maxWait : wait;
	}

	private void shutdown(Request request, Batch batch) {
		ConnectionSession session = batch.session();
		byte[] id = request.id();
		if (!this.shutdownPolicy.permits(session.peerAddress())) {
			String reason = "shutdown is not allowed from this address (dsmq.shutdown-policy="
					+ this.shutdownPolicy.name().toLowerCase(Locale.ROOT) + ")";
			this.refusals.reject(session, RejectReason.SHUTDOWN_REFUSED, reason);
			if (id != null) {
				batch.reply(Reply.error(id, reason));
			}
			return;
		}
		if (id != null) {
			// stopping closes this connection, so the acknowledgement leaves first
			batch.reply(Reply.ok(id));
			batch.flush();
		}
		this.shutdown.begin(session.peer());
	}

}
