package dev.dsmq.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.DynamicMessage;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A tinyMQ client for tests on the JDK's own WebSocket client: {@code ws://127.0.0.1:port/<topic>}, each message one
 * binary frame of protobuf built from the project's {@code tinymq.proto} ({@link TinyMqProto}), as tinyMQ's
 * Python client sends and reads them.
 */
public final class TinyMqTestClient implements AutoCloseable {

	/** {@code ConnInit} roles. */
	public static final long PRODUCER = 1;

	public static final long CONSUMER = 2;

	private static final long TIMEOUT_SECONDS = 10;

	private static final HttpClient http = HttpClient.newHttpClient();

	private final WebSocket webSocket;

	private final String topic;

	private final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();

	private final CompletableFuture<Closed> closed = new CompletableFuture<>();

	private TinyMqTestClient(int port, String path, String topic) {
		this.topic = topic;
		this.webSocket = http.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + port + "/" + path), new Listener())
			.orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
			.join();
	}

	/**
	 * Connect to a topic's path, the topic written into it as it is: ASCII that a URI may hold as it stands.
	 */
	public static TinyMqTestClient connect(int port, String topic) {
		return new TinyMqTestClient(port, topic, topic);
	}

	/**
	 * Connect to a path as given, percent-encoded or not.
	 */
	public static TinyMqTestClient connectToPath(int port, String path) {
		return new TinyMqTestClient(port, path, path);
	}

	/**
	 * Connect as a producer: send {@code ConnInit{1, topic}} and expect {@code ConnStatus{1000}}.
	 */
	public static TinyMqTestClient producer(int port, String topic) {
		return opened(connect(port, topic), PRODUCER);
	}

	/**
	 * Connect as a consumer, expecting {@code ConnStatus{1000}}.
	 */
	public static TinyMqTestClient consumer(int port, String topic) {
		return opened(connect(port, topic), CONSUMER);
	}

	private static TinyMqTestClient opened(TinyMqTestClient client, long role) {
		long status = client.init(role);
		if (status != 1000) {
			client.close();
			throw new IllegalStateException("ConnInit answered with " + status);
		}
		return client;
	}

	/**
	 * Send {@code ConnInit{role, topic}} and return the {@code ConnStatus}'s status.
	 */
	public long init(long role) {
		sendBinary(TinyMqProto.encode("ConnInit", "role", role, "topic", this.topic));
		return TinyMqProto.fixed32(read("ConnStatus"), "status");
	}

	/**
	 * Send {@code ContentWrite{id, topic, body}} and return the {@code Ack}'s id.
	 */
	public long write(long id, String body) {
		sendWrite(id, body);
		return readAck();
	}

	public void sendWrite(long id, String body) {
		sendBinary(TinyMqProto.encode("ContentWrite", "id", id, "topic", this.topic, "body", body));
	}

	/**
	 * Send {@code ContentWrite{id, topic, body}} unless the server's close has come first: the client then answers
	 * it and sends nothing more.
	 */
	public void sendWriteUnlessClosed(long id, String body) {
		try {
			sendWrite(id, body);
		}
		catch (CompletionException ex) {
			if (!(ex.getCause() instanceof IOException)) {
				throw ex;
			}
		}
	}

	public long readAck() {
		return TinyMqProto.fixed32(read("Ack"), "id");
	}

	/**
	 * Send {@code Poll{topic}} and return the {@code ContentRead}, which must have all its fields.
	 */
	public Content poll() {
		sendPoll();
		DynamicMessage read = read("ContentRead");
		return new Content(TinyMqProto.fixed32(read, "id"), TinyMqProto.fixed32(read, "status"),
				TinyMqProto.bytes(read, "body"));
	}

	public void sendPoll() {
		sendBinary(TinyMqProto.encode("Poll", "topic", this.topic));
	}

	public DynamicMessage read(String message) {
		return TinyMqProto.decode(message, readBinary());
	}

	/**
	 * Return how many requests of tinyMQ connections the server has refused for the reason.
	 */
	public static double rejected(MeterRegistry registry, String reason) {
		return registry.get("dsmq.requests.rejected")
			.tag("reason", reason)
			.tag("generation", "tinymq")
			.counter()
			.count();
	}

	public void sendBinary(byte[] bytes) {
		this.webSocket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
	}

	public void sendText(String text) {
		this.webSocket.sendText(text, true).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
	}

	/**
	 * Return the next binary message the server sent, waiting for it.
	 */
	public byte[] readBinary() {
		try {
			byte[] message = this.messages.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
			if (message == null) {
				throw new IllegalStateException("no message within " + TIMEOUT_SECONDS + " s; closed with "
						+ this.closed.getNow(null));
			}
			return message;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return whether a message the server sent has not been read yet.
	 */
	public boolean hasUnread() {
		return !this.messages.isEmpty();
	}

	/**
	 * Return the server's close frame, waiting for it.
	 */
	public Closed closed() {
		return this.closed.orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
	}

	@Override
	public void close() {
		if (!this.webSocket.isOutputClosed()) {
			this.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally((ex) -> null);
		}
		this.webSocket.abort();
	}

	/**
	 * A {@code ContentRead}.
	 */
	public record Content(long id, long status, byte[] body) {

		public String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

	/**
	 * The server's close frame: its status and reason.
	 */
	public record Closed(int status, String reason) {
	}

	private final class Listener implements WebSocket.Listener {

		private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			byte[] bytes = new byte[data.remaining()];
			data.get(bytes);
			this.partial.writeBytes(bytes);
			if (last) {
				TinyMqTestClient.this.messages.add(this.partial.toByteArray());
				this.partial.reset();
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			TinyMqTestClient.this.closed.completeExceptionally(
					new IllegalStateException("a text message from the server: " + data));
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			TinyMqTestClient.this.closed.complete(new Closed(statusCode, reason));
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			TinyMqTestClient.this.closed.completeExceptionally(error);
		}

	}

}
