package dev.dsmq.server.tcp;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.dsmq.server.ShutdownPolicy;
import dev.dsmq.server.protocol.FramingError;
import dev.dsmq.server.protocol.InvalidRequestException;
import dev.dsmq.server.protocol.RejectReason;
import dev.dsmq.server.protocol.Reply;
import dev.dsmq.server.protocol.Request;
import dev.dsmq.server.protocol.RequestParser;
import dev.dsmq.server.queue.QueueService;
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

	@Nullable Reply handle(Object frame, ConnectionSession session) {
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
		try {
			return dispatch(request, session);
		}
		catch (RuntimeException ex) {
			logger.error("Failed to handle " + request.action().wireName() + " from " + session.peer(), ex);
			return request.action().hasReply() ? Reply.error("internal server error") : null;
		}
	}

	private @Nullable Reply dispatch(Request request, ConnectionSession session) {
		String topic = request.topic();
		return switch (request.action()) {
			case PUT -> {
				this.queue.put(topic, request.message());
				yield null;
			}
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
