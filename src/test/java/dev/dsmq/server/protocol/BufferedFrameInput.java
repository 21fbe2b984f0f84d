package dev.dsmq.server.protocol;

import java.io.BufferedInputStream;
import java.io.InputStream;

/**
 * A buffered stream that tells a codec what its buffer holds, as a connection's input does, and finds room for any
 * body.
 */
class BufferedFrameInput extends BufferedInputStream implements FrameInput {

	BufferedFrameInput(InputStream in, int size) {
		super(in, size);
	}

	@Override
	public synchronized int buffered() {
		return this.count - this.pos;
	}

	@Override
	public void frameStarted() {
	}

	@Override
	public void frameEnded() {
	}

	@Override
	public void awaitingRestOfFrame() {
	}

	@Override
	public boolean admit(int bodyLength, boolean wait) {
		return true;
	}

}
