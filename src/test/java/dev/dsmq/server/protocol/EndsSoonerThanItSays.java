package dev.dsmq.server.protocol;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * A stream that ends sooner than it says, as a connection's input does when the connection is closed or drained
 * from another thread between the codec's asking what has arrived and its reading it: it counts bytes among those
 * it holds that it never hands out. It finds room for any body.
 */
final class EndsSoonerThanItSays extends InputStream implements FrameInput {

	private final ByteArrayInputStream bytes;

	private final int lost;

	/**
	 * Create a stream of the given bytes that says it holds {@code lost} more.
	 */
	EndsSoonerThanItSays(byte[] bytes, int lost) {
		this.bytes = new ByteArrayInputStream(bytes);
		this.lost = lost;
	}

	@Override
	public int read() {
		return this.bytes.read();
	}

	@Override
	public int read(byte[] b, int off, int len) {
		return this.bytes.read(b, off, len);
	}

	@Override
	public int available() {
		return this.bytes.available() + this.lost;
	}

	@Override
	public boolean markSupported() {
		return true;
	}

	@Override
	public synchronized void mark(int readLimit) {
		this.bytes.mark(readLimit);
	}

	@Override
	public synchronized void reset() {
		this.bytes.reset();
	}

	@Override
	public int buffered() {
		return available();
	}

	@Override
	public void frameStarted() {
	}

	@Override
	public void frameEnded() {
	}

	@Override
	public boolean admit(int bodyLength, boolean wait) {
		return true;
	}

	@Override
	public void awaitingRestOfFrame() {
	}

}
