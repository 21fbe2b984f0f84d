package dev.dsmq.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;

/**
 * A dsmq 0.1-0.4 client over a plain socket, for tests: writes each request as bare JSON, as that client's
 * {@code sendall(json.dumps(request))} does, and reads replies as a stream of JSON values with Jackson's own parser,
 * so that where one reply ends is not decided by the server's code.
 */
public final class BareJsonClient implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final int READ_TIMEOUT_MILLIS = 10_000;

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private MappingIterator<Map<String, Object>> replies;

	private BareJsonClient(Socket socket) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
	}

	/**
	 * Connect to a server on the loopback address; reads time out after ten seconds.
	 */
	public static BareJsonClient connect(int port) {
		try {
			Socket socket = new Socket();
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(READ_TIMEOUT_MILLIS);
			socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
			return new BareJsonClient(socket);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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

	public void sendRaw(byte[] bytes) {
		try {
			this.out.write(bytes);
			this.out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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

	/**
	 * Read until the server closes the connection, and return what came.
	 */
	public byte[] readToEnd() {
		try {
			return this.in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Whether the server has closed the connection: the next read finds the end of the stream (or a reset).
	 */
	public boolean isClosedByServer() {
		try {
			return this.in.read() == -1;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
