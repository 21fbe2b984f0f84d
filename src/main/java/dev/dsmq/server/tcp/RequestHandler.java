package dev.dsmq.server.tcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Acts on one frame of one connection and returns the reply to write, or {@code null} where the protocol has none.
 */
class RequestHandler implements SessionFactory.Rejections {

	private static final Log logger = LogFactory.getLog(RequestHandler.class);

	private final QueueService queue;

	private final ShutdownPolicy shutdownPolicy;

	private final ServerShutdown shutdown;

	private final Duration maxWait;

	private final Map<RejectReason, Counter> rejections = new EnumMap<>(RejectReason.class);

	private final RequestMeters meters;

	RequestHandler(QueueService queue, ShutdownPolicy shutdownPolicy, ServerShutdown shutdown, Duration maxWait,
			MeterRegistry meterRegistry, RequestMeters meters) {
		this.queue = queue;
		this.shutdownPolicy = shutdownPolicy;
		this.shutdown = shutdown;
		this.maxWait = maxWait;
		this.meters = meters;
		for (RejectReason reason : RejectReason.values()) {
			this.rejections.put(reason, Counter.builder("dsmq.requests.rejected")
				.description("Requests refused because of bad input or policy")
				.tag("reason", reason.tag())
				.register(meterRegistry));
		}
		Gauge.builder("dsmq.reads.waiting", queue, QueueService::waitingReaders)
			.description("Reads held by the wait extension until a message is put")
			.register(meterRegistry);
	}

	/**
	 * Act on the frames that arrived together, in order. Consecutive puts are stored in one transaction, before any
	 * request that follows them; the replies leave together, except that those before a read that waits are sent
	 * before it waits. A frame that breaks framing ends the batch.
	 */
	@Nullable Reply handle(List<?> frames, ConnectionSession session) {
		session.meters().started(System.nanoTime());
		this.meters.received(frames);
		Batch batch = new Batch(session);
		for (Object frame : frames) {
			if (!handle(frame, batch) || batch.peerGone) {
				break;
			}
		}
		store(batch);
		session.meters().served(batch.requests);
		return (batch.replies.isEmpty() || batch.peerGone) ? null : Reply.combine(batch.replies);
	}

	/**
	 * Act on one frame.
	 * @return whether the connection stays open
	 */
	private boolean handle(Object frame, Batch batch) {
		ConnectionSession session = batch.session;
		if (frame instanceof FramingError error) {
			reject(session, error.reason(), error.detail());
			store(batch);
			return batch.reply(Reply.fatal(error.detail()));
		}
		Request request;
		try {
			request = RequestParser.parse((byte[]) frame);
		}
		catch (InvalidRequestException ex) {
			reject(session, ex.getReason(), ex.getMessage());
			if (!ex.isReplyExpected()) {
				return true;
			}
			store(batch);
			return batch.reply(ex.getReason().closesConnection() ? Reply.fatal(ex.getMessage())
					: Reply.error(ex.getId(), ex.getMessage()));
		}
		batch.requests++;
		if (request.action() == Action.PUT) {
			batch.puts.add(new NewMessage(request.topic(), request.message()));
			batch.putIds.add(request.id());
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

	/**
	 * Store the puts gathered so far, acknowledge those that asked for it, and forget them.
	 */
	private void store(Batch batch) {
		if (batch.puts.isEmpty()) {
			return;
		}
		PutOutcome outcome = this.queue.putAll(batch.puts);
		if (outcome.refusedCount() > 0) {
			logger.error("Failed to store " + outcome.refusedCount() + " of " + batch.puts.size() + " messages from "
					+ batch.session.peer(), outcome.failure());
		}
		this.meters.stored(outcome.storedCount(), batch.session.meters().startNanos());
		for (int i = 0; i < batch.putIds.size(); i++) {
			byte[] id = batch.putIds.get(i);
			if (id != null) {
				batch.reply(outcome.isStored(i) ? Reply.ok(id)
						: Reply.error(id, "internal server error: message not stored"));
			}
		}
		batch.puts.clear();
		batch.putIds.clear();
	}

	private void dispatch(Request request, Batch batch) {
		switch (request.action()) {
			case PUT -> throw new IllegalStateException("puts are stored in batches");
			case GET, GET_LATEST -> batch.reply(read(request, batch));
			case SHUTDOWN -> shutdown(request, batch);
		}
	}

	private Reply read(Request request, Batch batch) {
		String topic = request.topic();
		ConnectionSession session = batch.session;
		boolean latest = request.action() == Action.GET_LATEST;
		long position = session.position(topic);
		Optional<StoredMessage> found = latest ? this.queue.latest(topic, position)
				: this.queue.next(topic, position);
		Duration wait = longPoll(request);
		if (found.isEmpty() && !wait.isZero()) {
			// the replies before this read are due now, not when it ends
			if (!batch.flush()) {
				return Reply.empty(request.id());
			}
			found = latest ? this.queue.latest(topic, position, wait) : this.queue.next(topic, position, wait);
			session.meters().waited(request.action());
		}
		else {
			session.meters().replyReady(request.action());
		}
		this.meters.read(request.action(), found.isPresent());
		if (found.isEmpty()) {
			return Reply.empty(request.id());
		}
		StoredMessage message = found.get();
		session.advance(topic, message.sequence());
		return Reply.message(request.id(), message.body());
	}

	private Duration longPoll(Request request) {
		Duration wait = request.longPoll();
		if (wait == null) {
			return Duration.ZERO;
		}
		return (wait.compareTo(this.maxWait) > 0) ? this.maxWait : wait;
	}

	private void shutdown(Request request, Batch batch) {
		ConnectionSession session = batch.session;
		byte[] id = request.id();
		if (!this.shutdownPolicy.permits(session.peerAddress())) {
			String reason = "shutdown is not allowed from this address (dsmq.shutdown-policy="
					+ this.shutdownPolicy.name().toLowerCase(Locale.ROOT) + ")";
			reject(session, RejectReason.SHUTDOWN_REFUSED, reason);
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

	@Override
	public void refuse(ConnectionSession session, RejectReason reason, String detail) {
		reject(session, reason, detail);
		session.write(Reply.fatal(detail));
	}

	@Override
	public void reject(ConnectionSession session, RejectReason reason, String detail) {
		this.rejections.get(reason).increment();
		if (logger.isWarnEnabled()) {
			logger.warn("Rejected request from " + session.peer() + ": " + detail);
		}
	}

	/**
	 * The work in progress on the frames of one read from a connection.
	 */
	private static final class Batch {

		private final ConnectionSession session;

		private final List<Reply> replies = new ArrayList<>(1);

		private final List<NewMessage> puts = new ArrayList<>();

		private final List<byte @Nullable []> putIds = new ArrayList<>();

		private boolean peerGone;

		/** The well-formed requests acted on. */
		private int requests;

		Batch(ConnectionSession session) {
			this.session = session;
		}

		/**
		 * Queue a reply.
		 * @return whether the connection stays open after it
		 */
		boolean reply(Reply reply) {
			this.replies.add(reply);
			return !reply.closesConnection();
		}

		/**
		 * Send the replies queued so far.
		 * @return whether the peer is still there to read them
		 */
		boolean flush() {
			if (!this.replies.isEmpty()) {
				Reply replies = Reply.combine(this.replies);
				this.replies.clear();
				this.peerGone = !this.session.write(replies);
			}
			return !this.peerGone;
		}

	}

}
