package dev.dsmq.server.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * The codec of dsmq 0.7: every frame, both ways, a 23-byte ASCII header {@code {"msg_length": N}} with
 * {@code N = 1000000 + body length}, then the body.
 * <p>
 * A frame is read as its body, a {@code byte[]}, or as a {@link FramingError} when the header cannot be trusted, so
 * that the connection can answer with an error frame before it is closed. {@link #readBatch} waits for one frame,
 * then adds every further frame that has already arrived in full, so that pipelined requests are handled, stored and
 * answered together.
 */
public final class FrameCodec implements Codec {

	/** Bytes of a frame's header. */
	public static final int HEADER_LENGTH = FrameHeader.LENGTH;

	/** Most frames handed on together. */
	static final int MAX_BATCH = 1024;

	/** How many frames a batch reads before {@link #holds} asks the socket for more. */
	static final int PIPELINED = 8;

	private final int maxBodyLength;

	/**
	 * Create a codec that refuses bodies longer than the given number of bytes.
	 * @param maxBodyLength the longest body accepted, at most {@link FrameHeader#MAX_BODY_LENGTH}
	 */
	public FrameCodec(int maxBodyLength) {
		if (maxBodyLength < 0 || maxBodyLength > FrameHeader.MAX_BODY_LENGTH) {
			throw new IllegalArgumentException("maximum body length of " + maxBodyLength
					+ " bytes is outside 0 to " + FrameHeader.MAX_BODY_LENGTH);
		}
		this.maxBodyLength = maxBodyLength;
	}

	public int getMaxBodyLength() {
		return this.maxBodyLength;
	}

	/**
	 * Wait for the next frame, then take every further frame that has arrived in full.
	 * @return the frames in the order they arrived: bodies, and at most one {@link FramingError}, always last
	 */
	@Override
	public List<Object> readBatch(InputStream in) throws IOException {
		List<Object> frames = new ArrayList<>();
		Object frame = readFrame(in, false);
		frames.add(frame);
		while (frame instanceof byte[] && frames.size() < MAX_BATCH && nextFrameHasArrived(in, frames.size())) {
			frame = readFrame(in, true);
			frames.add(frame);
		}
		return frames;
	}

	/**
	 * Whether the next frame can be read without waiting: all of it is buffered and there is room for it in memory
	 * now, or its header already shows that it is broken. Needs a stream that supports mark and reset; others are
	 * read one frame at a time.
	 * <p>
	 * A stream may end between saying it holds the header and handing it out: a connection closed or drained from
	 * another thread. The batch read so far is then handed on, and the next read finds the end.
	 */
	private boolean nextFrameHasArrived(InputStream in, int read) throws IOException {
		FrameInput input = (in instanceof FrameInput frameInput) ? frameInput : null;
		if (!in.markSupported() || !holds(in, input, FrameHeader.LENGTH, read)) {
			return false;
		}
		in.mark(FrameHeader.LENGTH);
		byte[] header = in.readNBytes(FrameHeader.LENGTH);
		in.reset();
		if (header.length < FrameHeader.LENGTH) {
			return false;
		}
		int bodyLength = FrameHeader.bodyLength(header);
		if (bodyLength < 0 || bodyLength > this.maxBodyLength) {
			return true;
		}
		// a batch never waits for room while it holds some: the frame is read with the next batch instead
		return holds(in, input, FrameHeader.LENGTH + bodyLength, read)
				&& (input == null || input.admit(bodyLength, false));
	}

	/**
	 * Whether the given number of bytes can be read without waiting, the batch having read the given number of
	 * frames or messages. A {@link FrameInput} answers from its buffer; the socket behind it, whose
	 * {@code available()} is a system call, is asked only once the batch has read {@link #PIPELINED}: a client that
	 * sent that many at once has likely sent more, while asking for one that sends a request or two and waits for
	 * the answer would cost a system call per request (a third of those of a get) and find nothing.
	 */
	static boolean holds(InputStream in, @Nullable FrameInput input, long length, int read) throws IOException {
		if (input != null && input.buffered() >= length) {
			return true;
		}
		return (input == null || read >= PIPELINED) && in.available() >= length;
	}

	/**
	 * Read one frame, waiting for it as long as it takes.
	 * @return the body, or a {@link FramingError} if the header cannot be trusted or the body finds no room (its
	 * body is not read)
	 */
	public Object readFrame(InputStream in) throws IOException {
		return readFrame(in, false);
	}

	/**
	 * Read one frame.
	 * @param admitted whether room for its body has been found already
	 */
	private Object readFrame(InputStream in, boolean admitted) throws IOException {
		FrameInput input = (in instanceof FrameInput frameInput) ? frameInput : null;
		boolean started = false;
		try {
			int first = in.read();
			if (first < 0) {
				throw new SoftEndOfStreamException("Stream closed between frames");
			}
			started = true;
			if (input != null) {
				input.frameStarted();
			}
			return readRestOfFrame((byte) first, in, input, admitted);
		}
		catch (SocketTimeoutException ex) {
			return FramingError.timedOut(started, ex);
		}
		finally {
			if (input != null) {
				input.frameEnded();
			}
		}
	}

	private Object readRestOfFrame(byte first, InputStream in, @Nullable FrameInput input, boolean admitted)
			throws IOException {
		byte[] header = new byte[FrameHeader.LENGTH];
		header[0] = first;
		int headerRead = 1 + in.readNBytes(header, 1, header.length - 1);
		if (headerRead < header.length) {
			throw new TruncatedFrameException(
					"stream closed after " + headerRead + " of " + header.length + " header bytes");
		}
		int bodyLength = FrameHeader.bodyLength(header);
		if (bodyLength < 0) {
			return new FramingError(RejectReason.MALFORMED_HEADER,
					"header is not {\"msg_length\": NNNNNNN} with N = 1000000 + body length");
		}
		if (bodyLength > this.maxBodyLength) {
			return new FramingError(RejectReason.BODY_TOO_LARGE,
					"body of " + bodyLength + " bytes exceeds the " + this.maxBodyLength + "-byte limit");
		}
		if (input != null && !admitted && !input.admit(bodyLength, true)) {
			return new FramingError(RejectReason.IN_FLIGHT_LIMIT, "no room for a body of " + bodyLength
					+ " bytes: the server holds as many bytes in flight as it may (dsmq.max-in-flight-bytes)");
		}
		if (input != null && input.buffered() < bodyLength) {
			input.awaitingRestOfFrame();
		}
		// one array of the body's size: readNBytes(int) would gather chunks and copy them, twice the memory
		byte[] body = new byte[bodyLength];
		int read = in.readNBytes(body, 0, bodyLength);
		if (read < bodyLength) {
			throw new TruncatedFrameException("stream closed after " + read + " of " + bodyLength + " body bytes");
		}
		return body;
	}

	@Override
	public byte[] header(int bodyLength) {
		byte[] header = new byte[FrameHeader.LENGTH];
		FrameHeader.write(header, bodyLength);
		return header;
	}

	@Override
	public Generation generation() {
		return Generation.FRAMED;
	}

}
