package dev.dsmq.server.protocol;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection's input as the codecs see it, buffered, that writes down what the codec tells it and finds room for
 * bodies up to a given number of bytes.
 */
final class RecordingFrameInput extends BufferedInputStream implements FrameInput {

	final List<String> events = new ArrayList<>();

	private long room;

	RecordingFrameInput(byte[] bytes) {
		this(new ByteArrayInputStream(bytes), Long.MAX_VALUE);
	}

	RecordingFrameInput(InputStream in, long room) {
		super(in, 64);
		this.room = room;
	}

	@Override
	public synchronized int buffered() {
		return this.count - this.pos;
	}

	@Override
	public void frameStarted() {
		this.events.add("started");
	}

	@Override
	public void frameEnded() {
		this.events.add("ended");
	}

	@Override
	public boolean admit(int bodyLength, boolean wait) {
		this.events.add("admit " + bodyLength + (wait ? " waiting" : " now"));
		if (bodyLength > this.room) {
			return false;
		}
		this.room -= bodyLength;
		return true;
	}

	@Override
	public void awaitingRestOfFrame() {
		this.events.add("awaiting");
	}

}
