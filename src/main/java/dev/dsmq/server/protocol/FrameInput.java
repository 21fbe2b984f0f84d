package dev.dsmq.server.protocol;

import java.io.IOException;

/**
 * A connection's input as the codec sees it when the stream offers more than an {@link java.io.InputStream}: what it
 * holds already, and a say in what happens while a frame is incomplete.
 */
public interface FrameInput {

	/**
	 * Return how many bytes can be read without asking the network.
	 */
	int buffered();

	/**
	 * Called when the first byte of a frame has been read.
	 */
	void frameStarted();

	/**
	 * Called when the last byte of a frame has been read, or the frame was given up.
	 */
	void frameEnded();

	/**
	 * Find room in memory for a body about to be read, the first of a batch or one that follows it. Room found is
	 * held until the connection has acted on the batch.
	 * @param bodyLength the body's length in bytes
	 * @param wait whether to wait for room, for as long as a frame may take; a body that follows others in a batch
	 * does not wait, so that a batch never holds room while it waits for more
	 * @return whether there is room; without it the body is not read
	 */
	boolean admit(int bodyLength, boolean wait);

	/**
	 * Called when a frame's header has been read and the rest of the frame has not arrived yet, just before the
	 * codec waits for it.
	 * @throws IOException if the connection fails
	 */
	void awaitingRestOfFrame() throws IOException;

}
