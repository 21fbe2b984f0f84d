package dev.dsmq.client;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import tools.jackson.databind.JsonNode;

/**
 * A message read with what the server knows of it: a broadcast read that asks for metadata, or a read of a group.
 * @param message the message, any JSON value, exactly as it was put
 * @param seq its sequence number, in the order the server accepted puts: the number to
 * {@link ReadOptions#after(long) resume after}, or to {@link DsmqClient#delete delete} or
 * {@link DsmqClient#release release} a claim by
 * @param sent when it was put
 * @param headers the headers it was put with, none if it had none
 * @param retrievalCount how many times a member of the group has claimed it, this claim included; 0 for a broadcast
 * read and a {@code peek} of a message never claimed
 * @param firstRetrieved when a member of the group first claimed it, or null if it never has (and for a broadcast
 * read)
 */
public record ReceivedMessage(JsonNode message, long seq, Instant sent, Map<String, String> headers, int retrievalCount,
		Instant firstRetrieved) {

	public ReceivedMessage {
		Objects.requireNonNull(message, "message");
		Objects.requireNonNull(sent, "sent");
		headers = Map.copyOf(headers);
		if (seq <= 0) {
			throw new IllegalArgumentException("sequence number " + seq + " must be positive");
		}
		if (retrievalCount < 0) {
			throw new IllegalArgumentException("retrieval count " + retrievalCount + " must not be negative");
		}
	}

	/**
	 * Return the message as text: a string message as it is, any other JSON value as its JSON text.
	 */
	public String text() {
		return Messages.text(this.message);
	}

}
