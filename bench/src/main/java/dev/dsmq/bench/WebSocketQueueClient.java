package dev.dsmq.bench;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/**
 * A dsmq 1.x client on Java-WebSocket's {@link WebSocketClient}: it connects to {@code ws://host:port/}, sends each
 * request as one text frame holding the object of section 2 and reads each reply as one message, as the published
 * Python client does on the {@code websockets} library. TCP_NODELAY is on, as for the other generations' clients;
 * the library's own pings are off, so nothing but requests travels during a measurement.
 * <p>
 * The library sends from a writer thread of its own and delivers messages on its reader thread, which hands each
 * reply to the caller through a queue.
 */
final class WebSocketQueueClient extends TextMessageClient {

	private final BlockingQueue<Object> replies = new LinkedBlockingQueue<>();

	private final Connection connection;

	WebSocketQueueClient(int port) throws IOException {
		this.connection = new Connection(URI.create("ws://127.0.0.1:" + port + "/"));
		this.connection.setTcpNoDelay(true);
		this.connection.setConnectionLostTimeout(0);
		boolean open;
		try {
			open = this.connection.connectBlocking(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted during the WebSocket handshake");
		}
		if (!open) {
			Object reason = this.replies.poll();
			throw new IOException("WebSocket handshake with " + this.connection.getURI() + " failed"
					+ ((reason != null) ? ": " + reason : ""));
		}
	}

	@Override
	void send(String text) throws IOException {
		try {
			this.connection.send(text);
		}
		catch (RuntimeException ex) {
			throw new IOException("WebSocket send failed", ex);
		}
	}

	@Override
	String reply() throws IOException {
		Object reply;
		try {
			reply = this.replies.poll(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted waiting for a reply");
		}
		if (reply instanceof String text) {
			return Replies.message(text);
		}
		if (reply instanceof IOException failure) {
			// nothing comes after a failure or a close; the next request fails at once too
			this.replies.add(failure);
			throw new IOException(failure.getMessage(), failure);
		}
		throw new IOException("no reply within 60 s");
	}

	@Override
	public void close() {
		this.connection.close();
	}

	/** The library's connection; every event lands in the reply queue, in order. */
	private final class Connection extends WebSocketClient {

		Connection(URI uri) {
			super(uri);
		}

		@Override
		public void onOpen(ServerHandshake handshake) {
		}

		@Override
		public void onMessage(String message) {
			WebSocketQueueClient.this.replies.add(message);
		}

		/** Section 8 replies in text frames; a binary reply is read the same way. */
		@Override
		public void onMessage(ByteBuffer bytes) {
			WebSocketQueueClient.this.replies.add(StandardCharsets.UTF_8.decode(bytes).toString());
		}

		@Override
		public void onClose(int code, String reason, boolean remote) {
			WebSocketQueueClient.this.replies.add(new IOException(
					"WebSocket closed by the " + (remote ? "server" : "client") + " with " + code + " " + reason));
		}

		@Override
		public void onError(Exception ex) {
			WebSocketQueueClient.this.replies.add(new IOException("WebSocket failed: " + ex, ex));
		}

	}

}
