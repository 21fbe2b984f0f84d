package dev.dsmq.server.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * One generation's wire format on one connection: how its requests are read and how its replies are framed. A
 * connection's codec is chosen once, from its first bytes, and never changes; a codec may keep state of the stream
 * it reads (a WebSocket message in fragments), so each connection has its own.
 * <p>
 * Where {@code in} is a {@link FrameInput}, a codec tells it where each request starts and ends, so that the frame
 * timeout bounds it, finds room for each body before reading it, and says when it waits for the rest of a request.
 */
public interface Codec {

	/**
	 * Wait for the next request, then take every further one that has arrived in full and finds room in memory
	 * without waiting, so that pipelined requests are handled together.
	 * @return in the order they arrived: request bodies ({@code byte[]}, one JSON text each) or, for tinyMQ,
	 * {@link TinyMqRequest}s, {@link Control}s, and at most one {@link FramingError}, always last
	 * @throws org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException if the stream ends between
	 * requests
	 * @throws TruncatedFrameException if it ends within one
	 */
	List<Object> readBatch(InputStream in) throws IOException;

	/**
	 * Return the bytes that go before a reply body of the given length: the 0.7 header, a WebSocket frame header, or
	 * nothing for bare JSON.
	 */
	byte[] header(int bodyLength);

	/**
	 * Return the bytes that follow the error reply after which the connection is closed for the given reason, such
	 * as a WebSocket close frame with the status code for it; none where the generation has no such thing.
	 */
	default byte[] closing(RejectReason reason) {
		return new byte[0];
	}

	/**
	 * Return the bytes that end the connection when the server closes it in good order, as it does to stop: a
	 * WebSocket close frame with status 1000; none where the generation has no such thing.
	 */
	default byte[] goodbye() {
		return new byte[0];
	}

	/**
	 * Whether the error reply that comes before the connection is closed is sent, framed as every reply is: every
	 * dsmq generation reads it; tinyMQ's client would take it for a protobuf message, so there the closing bytes
	 * alone tell why.
	 */
	default boolean sendsErrorReplies() {
		return true;
	}

	Generation generation();

}
