package dev.dsmq.server;

import java.net.InetAddress;

/**
 * Which peers may stop the server with the {@code shutdown} action.
 */
public enum ShutdownPolicy {

	/** Only peers connected from a loopback address. */
	LOOPBACK,

	/** Nobody; the server stops only on a signal. */
	NEVER,

	/** Any peer. */
	ANY;

	/**
	 * Whether a peer at the given address may stop the server.
	 */
	public boolean permits(InetAddress peer) {
		return switch (this) {
			case LOOPBACK -> peer.isLoopbackAddress();
			case NEVER -> false;
			case ANY -> true;
		};
	}

}
