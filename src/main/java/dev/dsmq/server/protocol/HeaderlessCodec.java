package dev.dsmq.server.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * The codec of dsmq 0.1-0.4: requests are JSON objects back to back, with nothing between them but optional
 * whitespace; replies are the bare JSON objects.
 * <p>
 * The published client sends each request with one {@code sendall} and nothing to mark its end, so an object ends
 * where its braces balance, found by a scan that knows only strings, escapes and brackets; whether the object is
 * valid JSON is the request parser's business. Bytes read past the end of one object are kept for the next, so that
 * several requests in one segment, or one request over many, are all read; the original server lost them.
 * <p>
 * A connection's codec keeps those bytes, so each connection has its own, sized for what the peer sends: it starts
 * with {@value #SMALL} bytes, which a request and so an idle connection need, and doubles as an object needs more.
 * The bytes of an object beyond the first {@value #CHUNK} find room among the bytes in flight as they arrive, since
 * its length is only known at its end.
 */
public final class HeaderlessCodec implements Codec {

	/** The buffer while the peer's reads are small. */
	static final int SMALL = 1024;

	/** The most bytes of an object held without room among the bytes in flight, and what a buffer shrinks to. */
	static final int CHUNK = 8192;

	private static final byte[] NOTHING = {};

	private final int maxBodyLength;

	/** Bytes read and not handed on yet: {@code [start, end)}, scanned up to {@link #scanned}. */
	private byte[] buffer = new byte[SMALL];

	/** How many bytes the last read of the stream brought. */
	private int lastRead;

	private int start;

	private int end;

	private int scanned;

	/** Where the object being scanned starts, or -1 while between objects. */
	private int objectStart = -1;

	private int depth;

	private boolean inString;

	private boolean escaped;

	/**
	 * Create a codec that refuses objects longer than the given number of bytes.
	 */
	public HeaderlessCodec(int maxBodyLength) {
		this.maxBodyLength = maxBodyLength;
	}

	@Override
	public List<Object> readBatch(InputStream in) throws IOException {
		FrameInput input = (in instanceof FrameInput frameInput) ? frameInput : null;
		if (this.objectStart >= 0 && input != null) {
			// an object begun in the last batch: the time that batch took was the server's
			input.frameEnded();
			input.frameStarted();
		}
		List<Object> requests = new ArrayList<>();
		Object request = next(in, input, true);
		requests.add(request);
		while (request instanceof byte[] && requests.size() < FrameCodec.MAX_BATCH) {
			request = next(in, input, false);
			if (request == null) {
				break;
			}
			requests.add(request);
		}
		return requests;
	}

	/**
	 * Return the next object, a {@link FramingError}, or, when {@code wait} is false and no whole object is at hand,
	 * null.
	 */
	private Object next(InputStream in, FrameInput input, boolean wait) throws IOException {
		try {
			while (true) {
				Object found = scan(input);
				if (found != null) {
					return found;
				}
				if (!wait && (input == null || input.buffered() == 0)) {
					return null;
				}
				if (!fill(in, input, wait)) {
					// a request that follows others is left for the next batch rather than wait for room, or the end
					return wait ? refuseForRoom() : null;
				}
			}
		}
		catch (SocketTimeoutException ex) {
			boolean started = this.objectStart >= 0;
			endObject(input, this.end);
			return FramingError.timedOut(started, ex);
		}
	}

	/**
	 * Scan the bytes read so far for the end of an object.
	 * @return the object, a {@link FramingError}, or null if more bytes are needed
	 */
	private Object scan(FrameInput input) {
		byte[] bytes = this.buffer;
		for (int i = this.scanned; i < this.end; i++) {
			byte b = bytes[i];
			if (this.objectStart < 0) {
				if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
					this.start = i + 1;
					continue;
				}
				if (b != '{') {
					this.scanned = this.end;
					return new FramingError(RejectReason.MALFORMED_BODY,
							"request is not a JSON object: it starts with byte 0x" + Integer.toHexString(b & 0xff));
				}
				this.objectStart = i;
				this.start = i;
				this.depth = 0;
				if (input != null) {
					input.frameStarted();
				}
			}
			if (i + 1 - this.objectStart > this.maxBodyLength) {
				this.scanned = this.end;
				return new FramingError(RejectReason.BODY_TOO_LARGE,
						"request of more than " + this.maxBodyLength + " bytes exceeds the limit (dsmq.max-body-size)");
			}
			if (this.inString) {
				if (this.escaped) {
					this.escaped = false;
				}
				else if (b == '\\') {
					this.escaped = true;
				}
				else if (b == '"') {
					this.inString = false;
				}
			}
			else if (b == '"') {
				this.inString = true;
			}
			else if (b == '{' || b == '[') {
				this.depth++;
			}
			else if ((b == '}' || b == ']') && --this.depth == 0) {
				byte[] object = Arrays.copyOfRange(bytes, this.objectStart, i + 1);
				endObject(input, i + 1);
				return object;
			}
		}
		this.scanned = this.end;
		shrink();
		return null;
	}

	/**
	 * Between objects, drop a grown buffer, whose room has been given back, keeping what follows: a large object
	 * followed by a byte of whitespace must not leave its buffer behind for as long as the connection lives, and a
	 * peer whose reads have become small again waits with a small one.
	 */
	private void shrink() {
		if (this.objectStart >= 0) {
			return;
		}
		int left = this.end - this.start;
		int size = (left <= SMALL && this.lastRead < SMALL) ? SMALL : (left <= CHUNK) ? CHUNK : this.buffer.length;
		if (size < this.buffer.length) {
			byte[] smaller = new byte[size];
			System.arraycopy(this.buffer, this.start, smaller, 0, left);
			this.buffer = smaller;
			this.scanned -= this.start;
			this.end = left;
			this.start = 0;
		}
	}

	private void endObject(FrameInput input, int next) {
		if (this.objectStart >= 0 && input != null) {
			input.frameEnded();
		}
		this.objectStart = -1;
		this.inString = false;
		this.escaped = false;
		this.start = next;
		this.scanned = next;
		if (this.start == this.end) {
			this.start = 0;
			this.end = 0;
			this.scanned = 0;
		}
		shrink();
	}

	/**
	 * Read more bytes, making room in the buffer first.
	 * @param wait whether this is the batch's first object, which may wait for room and finds the end of the stream
	 * @return whether bytes were read; false if the object under way found no room in memory, or the stream ended
	 * behind the objects of the batch
	 * @throws SoftEndOfStreamException if the stream ended between objects
	 * @throws TruncatedFrameException if it ended within one
	 */
	private boolean fill(InputStream in, FrameInput input, boolean wait) throws IOException {
		int keep = this.start;
		if (keep > 0) {
			System.arraycopy(this.buffer, keep, this.buffer, 0, this.end - keep);
			this.end -= keep;
			this.scanned -= keep;
			this.start -= keep;
			if (this.objectStart >= 0) {
				this.objectStart = 0;
			}
		}
		if (this.end == this.buffer.length) {
			int grown = (int) Math.min((long) this.buffer.length * 2, (long) this.maxBodyLength + CHUNK);
			int beyondChunk = grown - Math.max(this.buffer.length, CHUNK);
			if (beyondChunk > 0 && input != null && !input.admit(beyondChunk, wait)) {
				return false;
			}
			this.buffer = Arrays.copyOf(this.buffer, grown);
		}
		if (this.objectStart >= 0 && input != null && input.buffered() == 0) {
			input.awaitingRestOfFrame();
		}
		int read = in.read(this.buffer, this.end, this.buffer.length - this.end);
		if (read < 0 && !wait) {
			// it said it held more, then was closed or drained from another thread: the objects read are handed on,
			// and the next batch finds the end
			return false;
		}
		if (read < 0) {
			if (this.objectStart >= 0) {
				int got = this.end - this.objectStart;
				endObject(input, this.end);
				throw new TruncatedFrameException("stream closed after " + got + " bytes of a request");
			}
			throw new SoftEndOfStreamException("Stream closed between requests");
		}
		this.end += read;
		this.lastRead = read;
		return true;
	}

	private FramingError refuseForRoom() {
		return new FramingError(RejectReason.IN_FLIGHT_LIMIT, "no room for a request of more than "
				+ (this.end - Math.max(0, this.objectStart)) + " bytes: the server holds as many bytes in flight as "
				+ "it may (dsmq.max-in-flight-bytes)");
	}

	/**
	 * Return how many bytes the codec's buffer holds room for now.
	 */
	int capacity() {
		return this.buffer.length;
	}

	@Override
	public byte[] header(int bodyLength) {
		return NOTHING;
	}

	@Override
	public Generation generation() {
		return Generation.HEADERLESS;
	}

}
