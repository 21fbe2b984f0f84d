package dev.dsmq.server;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * A dsmq client over a plain socket, for tests: writes frames as a dsmq client does and reads replies.
 */
public final class DsmqTestClient extends TestSocket {

	private static final JsonMapper json = JsonMapper.builder().build();

	/** The least time {@link #getWait(String, int)} polls for before it gives up. */
	private static final Duration GET_WAIT_FOR = Duration.ofSeconds(10);

	private final DataInputStream in;

	private DsmqTestClient(Socket socket) {
		super(socket);
		this.in = new DataInputStream(socketInput());
	}

	@Override
	protected DataInputStream in() {
		return this.in;
	}

	/**
	 * Connect to a server on the loopback address. Reads time out after ten seconds, so a missing reply fails the
	 * test instead of hanging it.
	 */
	public static DsmqTestClient connect(int port) {
		return new DsmqTestClient(open(port));
	}

	/**
	 * Talk over a socket that is already connected, such as a TLS one. Reads time out after ten seconds.
	 */
	public static DsmqTestClient over(Socket socket) {
		return new DsmqTestClient(socket);
	}

	public void put(String topic, String message) {
		send(Map.of("action", "put", "topic", topic, "message", message));
	}

	public String get(String topic) {
		send(Map.of("action", "get", "topic", topic));
		return (String) readReply().get("message");
	}

	public String getLatest(String topic) {
		send(Map.of("action", "get_latest", "topic", topic));
		return (String) readReply().get("message");
	}

	/**
	 * Send a {@code get} and return the first reply that comes back: proof that nothing was sent before it.
	 */
	public Map<String, Object> readReplyAfterGet(String topic) {
		send(Map.of("action", "get", "topic", topic));
		return readReply();
	}

	/**
	 * Poll with {@code get} until a message arrives, as dsmq's {@code get_wait} does: at least the given number of
	 * times, and for at least {@link #GET_WAIT_FOR}, since on a store where each get runs a statement a thousand gets
	 * can pass sooner than another connection's put commits.
	 */
	public String getWait(String topic, int tries) {
		long deadline = System.nanoTime() + GET_WAIT_FOR.toNanos();
		String message = "";
		for (int i = 0; message.isEmpty() && (i < tries || System.nanoTime() < deadline); i++) {
			message = get(topic);
		}
		return message;
	}

	public void send(Map<String, ?> request) {
		sendRaw(frame(request));
	}

	/**
	 * Read one reply frame and decode its body.
	 */
	public Map<String, Object> readReply() {
		return json.readValue(readReplyBody(), json.getTypeFactory().constructMapType(Map.class, String.class,
				Object.class));
	}

	public byte[] readReplyBody() {
		try {
			byte[] header = new byte[23];
			this.in.readFully(header);
			int length = Integer.parseInt(new String(header, 15, 7, StandardCharsets.US_ASCII)) - 1_000_000;
			byte[] body = new byte[length];
			this.in.readFully(body);
			return body;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Read exactly this many bytes as they come, frame headers included.
	 */
	public byte[] readRaw(int length) {
		try {
			byte[] bytes = new byte[length];
			this.in.readFully(bytes);
			return bytes;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Encode a request as a frame, with the body as Python's {@code json.dumps} writes it.
	 */
	public static byte[] frame(Map<String, ?> request) {
		return frame(json.writeValueAsBytes(request));
	}

	public static byte[] frame(byte[] body) {
		byte[] header = ("{\"msg_length\": " + (1_000_000 + body.length) + "}").getBytes(StandardCharsets.US_ASCII);
		byte[] frame = new byte[header.length + body.length];
		System.arraycopy(header, 0, frame, 0, header.length);
		System.arraycopy(body, 0, frame, header.length, body.length);
		return frame;
	}

}
