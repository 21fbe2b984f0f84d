package dev.dsmq.server.tcp;

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
import dev.dsmq.server.queue.QueueService;
import dev.dsmq.server.queue.QueueService.NewMessage;
import dev.dsmq.server.queue.StoredMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Acts on one frame of one connection and returns the reply to write, or {@code null} where the protocol has none.
 */
class RequestHandler {

	private static final Log logger = LogFactory.getLog(RequestHandler.class);

	private final QueueService queue;

	private final ShutdownPolicy shutdownPolicy;

	private final ServerShutdown shutdown;

	private final Map<RejectReason, Counter> rejections = new EnumMap<>(RejectReason.class);

	RequestHandler(QueueService queue, ShutdownPolicy shutdownPolicy, ServerShutdown shutdown,
			MeterRegistry meterRegistry) {
		this.queue = queue;
		this.shutdownPolicy = shutdownPolicy;
		this.shutdown = shutdown;
		for (RejectReason reason : RejectReason.values()) {
			this.rejections.put(reason, Counter.builder("dsmq.requests.rejected")
				.description("Requests refused because of bad input or policy")
				.tag("reason", reason.tag())
				.register(meterRegistry));
		}
	}

	/**
	 * Act on the frames that arrived together, in order. Consecutive puts are stored in one transaction, before any
	 * request that follows them; the replies leave together. A frame that breaks framing ends the batch.
	 */
	@Nullable Reply handle(List<?> frames, ConnectionSession session) {
		List<Reply> replies = new ArrayList<>(1);
		List<NewMessage> puts = new ArrayList<>();
		for (Object frame : frames) {
			Reply reply = handle(frame, session, puts);
			if (reply != null) {
				replies.add(reply);
				if (reply.closesConnection()) {
					break;
				}
			}
		}
		store(puts, session);
		return replies.isEmpty() ? null : Reply.combine(replies);
	}

	private @Nullable Reply handle(Object frame, ConnectionSession session, List<NewMessage> puts) {
		if (frame instanceof FramingError error) {
			reject(session, error.reason(), error.detail());
			return Reply.fatal(error.detail());
		}
		Request request;
		try {
			request = RequestParser.parse((byte[]) frame);
		}
		catch (InvalidRequestException ex) {
			reject(session, ex.getReason(), ex.getMessage());
			if (!ex.isReplyExpected()) {
				return null;
			}
			return ex.getReason().closesConnection() ? Reply.fatal(ex.getMessage()) : Reply.error(ex.getMessage());
		}
		if (request.action() == Action.PUT) {
			puts.add(new NewMessage(request.topic(), request.message()));
			return null;
		}
		store(puts, session);
		try {
			return dispatch(request, session);
		}
		catch (RuntimeException ex) {
			logger.error("Failed to handle " + request.action().wireName() + " from " + session.peer(), ex);
			return request.action().hasReply() ? Reply.error("internal server error") : null;
		}
	}

	/**
	 * Store the puts gathered so far, and forget them.
	 */
	private void store(List<NewMessage> puts, ConnectionSession session) {
		if (puts.isEmpty()) {
			return;
		}
		try {
			this.queue.putAll(puts);
		}
		catch (RuntimeException ex) {
			logger.error("Failed to store " + puts.size() + " messages from " + session.peer(), ex);
		}
		puts.clear();
	}

	private @Nullable Reply dispatch(Request request, ConnectionSession session) {
		String topic = request.topic();
		return switch (request.action()) {
			case PUT -> throw new IllegalStateException("puts are stored in batches");
			case GET -> read(topic, this.queue.next(topic, session.position(topic)), session);
			case GET_LATEST -> read(topic, this.queue.latest(topic, session.position(topic)), session);
			case SHUTDOWN -> {
				if (this.shutdownPolicy.permits(session.peerAddress())) {
					this.shutdown.begin(session.peer());
				}
				else {
					reject(session, RejectReason.SHUTDOWN_REFUSED, "shutdown is not allowed from this address "
							+ "(dsmq.shutdown-policy=" + this.shutdownPolicy.name().toLowerCase(Locale.ROOT) + ")");
				}
				yield null;
			}
		};
	}

	private Reply read(String topic, Optional<StoredMessage> found, ConnectionSession session) {
		if (found.isEmpty()) {
			return Reply.empty();
		}
		StoredMessage message = found.get();
		session.advance(topic, message.sequence());
		return Reply.message(message.body());
	}

	private void reject(ConnectionSession session, RejectReason reason, String detail) {
		this.rejections.get(reason).increment();
		if (logger.isWarnEnabled()) {
			logger.warn("Rejected request from " + session.peer() + ": " + detail);
		}
	}

}
