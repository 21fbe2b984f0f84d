package dev.dsmq.server;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;

/**
 * A dsmq 0.1-0.4 client over a plain socket, for tests: writes each request as bare JSON, as that client's
 * {@code sendall(json.dumps(request))} does, and reads replies as a stream of JSON values with Jackson's own parser,
 * so that where one reply ends is not decided by the server's code.
 */
public final class BareJsonClient extends TestSocket {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final InputStream in;

	private MappingIterator<Map<String, Object>> replies;

	private BareJsonClient(Socket socket) {
		super(socket);
		this.in = socketInput();
	}

	@Override
	protected InputStream in() {
		return this.in;
	}

	/**
	 * Connect to a server on the loopback address; reads time out after ten seconds.
	 */
	public static BareJsonClient connect(int port) {
		return new BareJsonClient(open(port));
	}

	/**
	 * Talk over a socket that is already connected, such as a TLS one.
	 */
	public static BareJsonClient over(Socket socket) {
		return new BareJsonClient(socket);
	}

	/**
	 * Encode a request as Python's {@code json.dumps} does.
	 */
	public static byte[] encode(Map<String, ?> request) {
		return json.writeValueAsBytes(request);
	}

	public void send(Map<String, ?> request) {
		sendRaw(encode(request));
	}

	public void sendRaw(String text) {
		sendRaw(text.getBytes(StandardCharsets.UTF_8));
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
	 * Read the next reply, a bare JSON object.
	 */
	public Map<String, Object> readReply() {
		if (this.replies == null) {
			this.replies = json.readerFor(json.getTypeFactory().constructMapType(Map.class, String.class, Object.class))
				.readValues(this.in);
		}
		return this.replies.nextValue();
	}

}
