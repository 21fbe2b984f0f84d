package dev.dsmq.server.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * A data message being read, from its first frame to the one that ends it.
 */
final class WebSocketMessage {

	private final boolean text;

	private final List<byte[]> fragments = new ArrayList<>(2);

	private long length;

	WebSocketMessage(int opcode) {
		if (opcode != WebSocketFrameHeader.TEXT && opcode != WebSocketFrameHeader.BINARY) {
			throw new IllegalArgumentException("opcode 0x" + Integer.toHexString(opcode) + " starts no message");
		}
		this.text = opcode == WebSocketFrameHeader.TEXT;
	}

	boolean isText() {
		return this.text;
	}

	/**
	 * Return the bytes of the frames read so far.
	 */
	long length() {
		return this.length;
	}

	void add(byte[] payload) {
		this.fragments.add(payload);
		this.length += payload.length;
	}

	/**
	 * Return the whole message: the payload of its only frame as it was read, or all of them joined.
	 */
	byte[] body() {
		if (this.fragments.size() == 1) {
			return this.fragments.get(0);
		}
		byte[] body = new byte[Math.toIntExact(this.length)];
		int at = 0;
		for (byte[] fragment : this.fragments) {
			System.arraycopy(fragment, 0, body, at, fragment.length);
			at += fragment.length;
		}
		return body;
	}

}
