package dev.dsmq.server.tcp;

import java.util.Optional;

import dev.dsmq.server.protocol.Action;
import dev.dsmq.server.protocol.ClientText;
import dev.dsmq.server.protocol.RejectReason;
import dev.dsmq.server.protocol.Reply;
import dev.dsmq.server.protocol.TinyMqReplies;
import dev.dsmq.server.protocol.TinyMqRequest;
import dev.dsmq.server.queue.GroupMessage;
import dev.dsmq.server.queue.MessageQueue;
import dev.dsmq.server.queue.QueueService.NewMessage;
import dev.dsmq.server.queue.StoredMessage;
import dev.dsmq.server.queue.Take;
import dev.dsmq.server.queue.TooManyGroupsException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Acts on a tinyMQ connection's messages. A {@code ConnInit} opens the connection, a consumer's only where its topic
 * has no other; a producer's write is put on the topic with the others of its batch and acknowledged once stored; a
 * consumer's poll pops the oldest message of the topic for the work-queue group {@value #GROUP}, so that each message
 * goes to one tinyMQ consumer, at most once, while dsmq readers of the topic read it as they read every other.
 */
final class TinyMqHandler {

	/** The work-queue group that tinyMQ consumers take messages for. */
	static final String GROUP = "tinymq";

	private static final Log logger = LogFactory.getLog(TinyMqHandler.class);

	private final MessageQueue queue;

	private final TokenAuthentication authentication;

	private final TinyMqConsumers consumers;

	private final Reads reads;

	private final Refusals refusals;

	private final RequestMeters meters;

	TinyMqHandler(MessageQueue queue, TokenAuthentication authentication, TinyMqConsumers consumers, Reads reads,
			Refusals refusals, RequestMeters meters) {
		this.queue = queue;
		this.authentication = authentication;
		this.consumers = consumers;
		this.reads = reads;
		this.refusals = refusals;
		this.meters = meters;
	}

	/**
	 * Act on one message; a write is only gathered, to be stored with the batch's other puts.
	 * @return whether the connection stays open
	 */
	boolean handle(TinyMqRequest request, Batch batch) {
		batch.consumed(request.length());
		batch.served();
		if (request instanceof TinyMqRequest.Write write) {
			batch.put(new NewMessage(topic(batch), write.message(), write.headers()), new Acknowledgement(write.id()));
			return true;
		}
		if (request instanceof TinyMqRequest.Init init) {
			return open(init, batch);
		}
		try {
			return poll(batch);
		}
		catch (RuntimeException ex) {
			logger.error("Failed to answer a tinyMQ poll from " + batch.connection().peer(), ex);
			return batch.reply(TinyMqReplies.internalError("internal server error"));
		}
	}

	/**
	 * Answer a {@code ConnInit}: with {@code ConnStatus{1000}}, or, for a second consumer of a topic,
	 * {@code ConnStatus{4000}} and a close.
	 */
	private boolean open(TinyMqRequest.Init init, Batch batch) {
		Connection connection = batch.connection();
		TokenAuthentication.Refusal refusal = this.authentication.check(init.authToken());
		if (refusal != null) {
			this.refusals.reject(connection, refusal.reason(), refusal.detail());
			return batch.reply(Reply.fatal(refusal.reason(), refusal.detail()));
		}
		connection.authenticate();
		String topic = topic(batch);
		if (init.role() == TinyMqRequest.Role.CONSUMER && !this.consumers.claim(topic, connection)) {
			String detail = "topic " + ClientText.quote(topic) + " has a tinyMQ consumer already";
			this.refusals.reject(connection, RejectReason.TOPIC_HAS_CONSUMER, detail);
			batch.reply(TinyMqReplies.topicHasConsumer());
			return batch.reply(Reply.fatal(RejectReason.TOPIC_HAS_CONSUMER, detail));
		}
		connection.openTinyMq(init.role());
		return batch.reply(TinyMqReplies.opened());
	}

	/**
	 * Answer a poll with the topic's oldest message not yet taken by a tinyMQ consumer, which takes it, or with none.
	 * A poll that finds no room in memory for the message is answered with none: tinyMQ has no error to send, and
	 * its client polls again.
	 */
	private boolean poll(Batch batch) {
		Connection connection = batch.connection();
		String topic = topic(batch);
		long taken = this.reads.roomForLargest(topic, batch);
		if (taken < 0) {
			this.refusals.reject(connection, RejectReason.NO_ROOM_FOR_REPLY, Reads.noRoom(-taken));
			return batch.reply(TinyMqReplies.empty());
		}
		Optional<GroupMessage> popped;
		try {
			popped = this.queue.take(Take.POP, topic, GROUP, null);
		}
		catch (TooManyGroupsException ex) {
			connection.room().release(taken);
			this.refusals.reject(connection, RejectReason.TOO_MANY_GROUPS, ex.getMessage());
			return batch.reply(Reply.fatal(RejectReason.TOO_MANY_GROUPS, ex.getMessage()));
		}
		StoredMessage message = popped.map(GroupMessage::message).orElse(null);
		Reads.keepRoomFor(message, taken, connection.room());
		this.meters.read(Action.POP, message != null);
		connection.meters().replyReady(Action.POP);
		if (message == null) {
			return batch.reply(TinyMqReplies.empty());
		}
		StoredMessage.Metadata metadata = message.metadata();
		return batch.reply(TinyMqReplies.message(message.body(), (metadata != null) ? metadata.headers() : null,
				message.sequence()), message.length());
	}

	private static String topic(Batch batch) {
		String topic = batch.connection().tinyMqTopic();
		if (topic == null) {
			throw new IllegalStateException("a tinyMQ message on a connection of another generation");
		}
		return topic;
	}

	/**
	 * A write's {@code Ack}; a write the store refused closes the connection with 1011, since tinyMQ has no error
	 * to answer it with and its client must not take it as stored.
	 */
	private record Acknowledgement(long id) implements Batch.Acknowledgement {

		@Override
		public Reply stored(long sequence) {
			return TinyMqReplies.ack(this.id);
		}

		@Override
		public Reply notStored(@Nullable RuntimeException failure) {
			return TinyMqReplies.internalError("message not stored");
		}

	}

}
