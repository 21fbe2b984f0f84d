package dev.dsmq.server.tcp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A connection's output, with a note of how long the write under way has gone without progress: a peer that stops
 * reading blocks the write, and with it the connection's thread and the memory its reply holds, so the server closes
 * a connection whose write has made no progress for {@code dsmq.write-timeout}. Large writes go out in slices, so that
 * a slow but steady reader shows progress.
 */
final class ReplyOutput extends FilterOutputStream {

	/** The most bytes handed to the socket in one write. */
	static final int SLICE = 64 * 1024;

	/** When the write under way last made progress, on the clock of {@link System#nanoTime()}; 0 if none is. */
	private volatile long progressAt;

	ReplyOutput(OutputStream out) {
		super(out);
	}

	@Override
	public void write(byte[] bytes, int offset, int length) throws IOException {
		try {
			for (int done = 0; done < length; done += SLICE) {
				this.progressAt = System.nanoTime();
				this.out.write(bytes, offset + done, Math.min(SLICE, length - done));
			}
		}
		finally {
			this.progressAt = 0;
		}
	}

	@Override
	public void write(byte[] bytes) throws IOException {
		write(bytes, 0, bytes.length);
	}

	/**
	 * Return how long the write under way has gone without progress, in nanoseconds; 0 if no write is under way.
	 */
	long stalledNanos(long now) {
		long since = this.progressAt;
		return (since == 0) ? 0 : now - since;
	}

}
