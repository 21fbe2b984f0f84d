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
	 * Called when a frame's header has been read and the rest of the frame has not arrived yet, just before the
	 * codec waits for it.
	 * @throws IOException if the connection fails
	 */
	void awaitingRestOfFrame() throws IOException;

}
