package dev.dsmq.server.tcp;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import dev.dsmq.server.ShutdownPolicy;
import dev.dsmq.server.protocol.Action;
import dev.dsmq.server.protocol.Control;
import dev.dsmq.server.protocol.FramingError;
import dev.dsmq.server.protocol.InvalidRequestException;
import dev.dsmq.server.protocol.RejectReason;
import dev.dsmq.server.protocol.Reply;
import dev.dsmq.server.protocol.Request;
import dev.dsmq.server.protocol.RequestParser;
import dev.dsmq.server.protocol.TinyMqRequest;
import dev.dsmq.server.queue.MessageQueue;
import dev.dsmq.server.queue.PutOutcome;
import dev.dsmq.server.queue.QueueService.NewMessage;
import dev.dsmq.server.queue.StoreUnavailableException;
import dev.dsmq.server.queue.TooManyGroupsException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Acts on the frames that one connection sent together, in order, and writes their replies.
 */
class RequestHandler {

	private static final Log logger = LogFactory.getLog(RequestHandler.class);

	private final MessageQueue queue;

	private final RequestParser parser;

	private final TokenAuthentication authentication;

	private final ShutdownPolicy shutdownPolicy;

	private final ServerShutdown shutdown;

	private final Reads reads;

	private final Refusals refusals;

	private final RequestMeters meters;

	private final TinyMqHandler tinyMq;

	RequestHandler(MessageQueue queue, RequestParser parser, TokenAuthentication authentication,
			ShutdownPolicy shutdownPolicy, ServerShutdown shutdown, Duration maxWait, Duration roomWait,
			Refusals refusals, RequestMeters meters, TinyMqConsumers tinyMqConsumers) {
		this.queue = queue;
		this.parser = parser;
		this.authentication = authentication;
		this.shutdownPolicy = shutdownPolicy;
		this.shutdown = shutdown;
		this.reads = new Reads(queue, maxWait, roomWait, refusals, meters);
		this.refusals = refusals;
		this.meters = meters;
		this.tinyMq = new TinyMqHandler(queue, authentication, tinyMqConsumers, this.reads, refusals, meters);
	}

	/**
	 * Act on the frames that arrived together, in order, and write the replies. Consecutive puts are stored in one
	 * transaction, before any request that follows them; the replies leave together, except that those before a
	 * read that waits leave before it waits. A frame that breaks framing ends the batch. Each frame is dropped from
	 * the list as it is acted on, so that a batch holds in memory only what it still needs.
	 */
	void handle(List<Object> frames, Connection connection) {
		connection.meters().started(System.nanoTime());
		Batch batch = new Batch(connection);
		try {
			for (int i = 0; i < frames.size(); i++) {
				Object frame = frames.set(i, null);
				batch.following(frames.size() - i - 1);
				if (!handle(frame, batch) || batch.isPeerGone() || batch.isClosing()) {
					break;
				}
			}
			store(batch);
			// counted before the replies leave, so that a peer holding its replies finds its requests counted
			connection.meters().served(batch.requests());
			batch.flush();
		}
		finally {
			frames.clear();
			connection.room().releaseAll();
		}
	}

	/**
	 * Act on one frame.
	 * @return whether the connection stays open
	 */
	private boolean handle(Object frame, Batch batch) {
		Connection connection = batch.connection();
		if (frame instanceof FramingError error) {
			this.refusals.reject(connection, error.reason(), error.detail());
			store(batch);
			return batch.reply(Reply.fatal(error.reason(), error.detail()));
		}
		if (frame instanceof Control control) {
			// a codec's own exchange, such as a WebSocket ping, answered in order with the replies around it
			store(batch);
			return batch.reply(Reply.control(control));
		}
		if (frame instanceof TinyMqRequest tinyMqRequest) {
			RequestLog.received(connection, tinyMqRequest);
			// writes are gathered as puts are; what follows them is acted on once they are stored
			if (!(tinyMqRequest instanceof TinyMqRequest.Write)) {
				store(batch);
			}
			return this.tinyMq.handle(tinyMqRequest, batch);
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
		RequestLog.received(connection, request);
		if (!connection.isAuthenticated() || request.action() == Action.AUTH) {
			TokenAuthentication.Refusal refusal = this.authentication.check(request, connection.isAuthenticated());
			if (refusal != null) {
				return refuse(refusal, batch);
			}
			connection.authenticate();
		}
		batch.served();
		if (request.action() == Action.PUT) {
			byte[] id = request.id();
			batch.put(new NewMessage(request.topic(), request.message(), request.headers(), delayOf(request)),
					(id != null) ? Batch.Acknowledgement.of(id) : null);
			return true;
		}
		store(batch);
		try {
			dispatch(request, batch);
		}
		catch (StoreUnavailableException ex) {
			logger.warn("Refused " + request.action().wireName() + " from " + connection.peer() + ": " + ex.getMessage());
			this.meters.storeUnavailable(1);
			if (request.isAnswered()) {
				batch.reply(Reply.error(request.id(), ex.getMessage()));
			}
		}
		catch (RuntimeException ex) {
			logger.error("Failed to handle " + request.action().wireName() + " from " + connection.peer(), ex);
			if (request.isAnswered()) {
				batch.reply(Reply.error(request.id(), "internal server error"));
			}
		}
		return true;
	}

	private boolean refuse(InvalidRequestException invalid, Batch batch) {
		Connection connection = batch.connection();
		if (!connection.isAuthenticated() && this.authentication.isRequired()) {
			return refuse(this.authentication.check(invalid), batch);
		}
		this.refusals.reject(connection, invalid.getReason(), invalid.getMessage());
		if (!invalid.isReplyExpected()) {
			return true;
		}
		store(batch);
		return batch.reply(invalid.getReason().closesConnection() ? Reply.fatal(invalid.getReason(), invalid.getMessage())
				: Reply.error(invalid.getId(), invalid.getMessage()));
	}

	/**
	 * Refuse a connection that has not authenticated: nothing it sent is acted on, the puts before included.
	 */
	private boolean refuse(TokenAuthentication.Refusal refusal, Batch batch) {
		this.refusals.reject(batch.connection(), refusal.reason(), refusal.detail());
		batch.settle();
		return batch.reply(Reply.fatal(refusal.reason(), refusal.detail()));
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
		RuntimeException failure = outcome.failure();
		if (failure instanceof StoreUnavailableException) {
			// the store logged once that it cannot be reached; each refusal is a line, not a stack trace
			logger.warn("Refused " + outcome.refusedCount() + " of " + puts.size() + " messages from "
					+ batch.connection().peer() + ": " + failure.getMessage());
			this.meters.storeUnavailable(outcome.refusedCount());
		}
		else if (outcome.refusedCount() > 0) {
			logger.error("Failed to store " + outcome.refusedCount() + " of " + puts.size() + " messages from "
					+ batch.connection().peer(), failure);
		}
		this.meters.stored(outcome.storedCount(), batch.connection().meters().startNanos());
		List<Batch.@Nullable Acknowledgement> acknowledgements = batch.acknowledgements();
		for (int i = 0; i < acknowledgements.size(); i++) {
			Batch.Acknowledgement acknowledgement = acknowledgements.get(i);
			if (acknowledgement != null) {
				batch.reply(outcome.isStored(i) ? acknowledgement.stored(outcome.sequence(i))
						: acknowledgement.notStored(failure));
			}
		}
		batch.settle();
	}

	private void dispatch(Request request, Batch batch) {
		switch (request.action()) {
			case PUT -> throw new IllegalStateException("puts are stored in batches");
			case GET, GET_LATEST, POP, PEEK -> this.reads.read(request, batch);
			case SHUTDOWN -> shutdown(request, batch);
			case AUTH -> batch.reply(Reply.acknowledged(request.id()));
			case DELETE -> changeGroup(request, batch,
					(group) -> this.queue.delete(request.topic(), group, request.sequence()));
			case RELEASE -> changeGroup(request, batch,
					(group) -> this.queue.release(request.topic(), group, request.sequence(), delayOf(request)));
		}
	}

	private static Duration delayOf(Request request) {
		Duration delay = request.delay();
		return (delay != null) ? delay : Duration.ZERO;
	}

	/**
	 * Make a change to a work-queue group that has no reply but an acknowledgement for a request with an id.
	 */
	private void changeGroup(Request request, Batch batch, Consumer<String> change) {
		String group = request.group();
		if (group == null) {
			throw new IllegalStateException("an action of groups without one: " + request);
		}
		try {
			change.accept(group);
		}
		catch (TooManyGroupsException ex) {
			this.refusals.reject(batch.connection(), RejectReason.TOO_MANY_GROUPS, ex.getMessage());
			if (request.id() != null) {
				batch.reply(Reply.error(request.id(), ex.getMessage()));
			}
			return;
		}
		if (request.id() != null) {
			batch.reply(Reply.ok(request.id()));
		}
	}

	private void shutdown(Request request, Batch batch) {
		Connection connection = batch.connection();
		byte[] id = request.id();
		if (!this.shutdownPolicy.permits(connection.peerAddress())) {
			String reason = "shutdown is not allowed from this address (dsmq.shutdown-policy="
					+ this.shutdownPolicy.name().toLowerCase(Locale.ROOT) + ")";
			this.refusals.reject(connection, RejectReason.SHUTDOWN_REFUSED, reason);
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
		this.shutdown.begin(connection.peer());
	}

}
