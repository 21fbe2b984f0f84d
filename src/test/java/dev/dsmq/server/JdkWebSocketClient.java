package dev.dsmq.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import tools.jackson.databind.json.JsonMapper;

/**
 * A dsmq 1.x client for tests on the JDK's own WebSocket client, which the project did not write: requests as text
 * messages, each reply one message.
 */
public final class JdkWebSocketClient implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final long TIMEOUT_SECONDS = 10;

	private final WebSocket webSocket;

	private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

	private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

	private JdkWebSocketClient(URI uri, HttpClient http) {
		this.webSocket = http.newWebSocketBuilder()
			.buildAsync(uri, new Listener())
			.orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
			.join();
	}

	/**
	 * Connect to {@code ws://127.0.0.1:port/}, as dsmq 1.x does.
	 */
	public static JdkWebSocketClient connect(int port) {
		return new JdkWebSocketClient(URI.create("ws://127.0.0.1:" + port), HttpClient.newHttpClient());
	}

	/**
	 * Connect to {@code wss://localhost:port/} with a client that trusts what the given context trusts.
	 */
	public static JdkWebSocketClient connectTls(int port, SSLContext context) {
		return new JdkWebSocketClient(URI.create("wss://localhost:" + port),
				HttpClient.newBuilder().sslContext(context).build());
	}

	public void send(Map<String, ?> request) {
		sendText(json.writeValueAsString(request));
	}

	public void sendText(String text) {
		this.webSocket.sendText(text, true).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
	}

	public void sendBinary(byte[] bytes) {
		this.webSocket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
	}

	public void put(String topic, Object message) {
		send(Map.of("action", "put", "topic", topic, "message", message));
	}

	public Object get(String topic) {
		send(Map.of("action", "get", "topic", topic));
		return readReply().get("message");
	}

	public Object getLatest(String topic) {
		send(Map.of("action", "get_latest", "topic", topic));
		return readReply().get("message");
	}

	/**
	 * Read the next reply, one text message holding a JSON object.
	 */
	public Map<String, Object> readReply() {
		return json.readValue(readText(), json.getTypeFactory().constructMapType(Map.class, String.class,
				Object.class));
	}

	public String readText() {
		try {
			String text = this.messages.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
			if (text == null) {
				throw new IllegalStateException("no reply within " + TIMEOUT_SECONDS + " s; closed with "
						+ this.closeCode.getNow(null));
			}
			return text;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return the status code of the server's close frame, waiting for it.
	 */
	public int closeCode() {
		return this.closeCode.orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
	}

	@Override
	public void close() {
		if (!this.webSocket.isOutputClosed()) {
			this.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally((ex) -> null);
		}
		this.webSocket.abort();
	}

	private final class Listener implements WebSocket.Listener {

		private final StringBuilder partial = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				JdkWebSocketClient.this.messages.add(this.partial.toString());
				this.partial.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			JdkWebSocketClient.this.closeCode.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			JdkWebSocketClient.this.closeCode.completeExceptionally(error);
		}

	}

}
