package dev.dsmq.server.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * Reads and writes dsmq frames: a 23-byte ASCII header {@code {"msg_length": N}} with
 * {@code N = 1000000 + body length}, then the body.
 * <p>
 * Reading yields the body as a {@code byte[]}, or a {@link FramingError} when the header cannot be trusted, so that
 * the connection can answer with an error frame before it is closed. Writing takes a {@link Reply}, which already
 * holds the whole frame, so that header and body leave in one write.
 */
public final class FrameCodec implements Serializer<Reply>, Deserializer<Object> {

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

	@Override
	public Object deserialize(InputStream in) throws IOException {
		byte[] header = new byte[FrameHeader.LENGTH];
		int read = in.readNBytes(header, 0, header.length);
		if (read == 0) {
			throw new SoftEndOfStreamException("Stream closed between frames");
		}
		if (read < header.length) {
			throw new IOException("Stream closed after " + read + " of " + header.length + " header bytes");
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
		byte[] body = in.readNBytes(bodyLength);
		if (body.length < bodyLength) {
			throw new IOException("Stream closed after " + body.length + " of " + bodyLength + " body bytes");
		}
		return body;
	}

	@Override
	public void serialize(Reply reply, OutputStream out) throws IOException {
		out.write(reply.frame());
	}

}
