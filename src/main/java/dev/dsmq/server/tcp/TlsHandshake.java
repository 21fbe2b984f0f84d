package dev.dsmq.server.tcp;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

/**
 * The TLS handshake of an accepted connection, done on the connection's own thread before it reads its first frame,
 * so that a slow, silent or plain-text client never holds up the thread that accepts connections, and bounded by
 * {@code dsmq.tls.handshake-timeout}, so that it cannot hold its own thread for ever either.
 */
final class TlsHandshake {

	private TlsHandshake() {
	}

	/**
	 * Complete the handshake within the timeout.
	 * @return why it failed, or {@code null} if it succeeded
	 */
	static @Nullable String perform(SSLSocket socket, Duration timeout) {
		try {
			int readTimeout = socket.getSoTimeout();
			socket.setSoTimeout(Math.max(1, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis())));
			socket.startHandshake();
			socket.setSoTimeout(readTimeout);
			return null;
		}
		catch (SocketTimeoutException ex) {
			return "TLS handshake not complete after " + timeout.toMillis() + " ms (dsmq.tls.handshake-timeout)";
		}
		catch (IOException ex) {
			return "TLS handshake failed: " + ex.getMessage();
		}
	}

}
