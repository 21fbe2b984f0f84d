package dev.dsmq.server.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * Tells a connection's generation from its first bytes, which are left in the stream for the generation's codec:
 * {@code {"msg_length": } starts dsmq 0.7 framing, {@code GET } an HTTP request (a WebSocket upgrade), any other
 * {@code {} dsmq 0.1-0.4's bare JSON. At most {@value #MAX_PEEK} bytes are looked at, read as they arrive, however
 * few at a time.
 */
public final class Detection {

	private static final byte[] FRAMED = "{\"msg_length\": ".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] HTTP = "GET ".getBytes(StandardCharsets.US_ASCII);

	/** Most bytes looked at to decide. */
	static final int MAX_PEEK = 15;

	private Detection() {
	}

	/**
	 * Read the first bytes of a stream that supports mark and reset, decide, and reset the stream to where it was.
	 * Where {@code in} is a {@link FrameInput}, the wait after the first byte is bounded like a frame's: the codec
	 * that reads on continues that frame.
	 * @return the generation, or null if the bytes start none; a stream that ends within the first bytes is given to
	 * the generation they start so far, whose codec tells the peer how it ended
	 * @throws IOException if the stream ends before its first byte, or a read times out
	 */
	public static @Nullable Generation detect(InputStream in) throws IOException {
		if (!in.markSupported()) {
			throw new IllegalArgumentException("detection needs a stream that supports mark and reset");
		}
		in.mark(MAX_PEEK);
		try {
			int first = in.read();
			if (first < 0) {
				throw new SoftEndOfStreamException("Stream closed before its first byte");
			}
			if (in instanceof FrameInput input) {
				input.frameStarted();
			}
			if (first == FRAMED[0]) {
				return startsWith(in, FRAMED) ? Generation.FRAMED : Generation.HEADERLESS;
			}
			if (first == HTTP[0]) {
				return startsWith(in, HTTP) ? Generation.WEBSOCKET : null;
			}
			return null;
		}
		finally {
			in.reset();
		}
	}

	/**
	 * Whether the stream, whose first byte has been read, goes on with the rest of {@code prefix}, or ends before it
	 * differs.
	 */
	private static boolean startsWith(InputStream in, byte[] prefix) throws IOException {
		for (int i = 1; i < prefix.length; i++) {
			int next = in.read();
			if (next < 0) {
				return true;
			}
			if (next != prefix[i]) {
				return false;
			}
		}
		return true;
	}

}
