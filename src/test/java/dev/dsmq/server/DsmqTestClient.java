package dev.dsmq.server;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * A dsmq client over a plain socket, for tests: writes frames as a dsmq client does and reads replies.
 */
public final class DsmqTestClient implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final int READ_TIMEOUT_MILLIS = 10_000;

	private final Socket socket;

	private final DataInputStream in;

	private final OutputStream out;

	private DsmqTestClient(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new DataInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
	}

	/**
	 * Connect to a server on the loopback address. Reads time out after ten seconds, so a missing reply fails the
	 * test instead of hanging it.
	 */
	public static DsmqTestClient connect(int port) {
		try {
			Socket socket = new Socket();
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(READ_TIMEOUT_MILLIS);
			socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
			return new DsmqTestClient(socket);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the client's own port, which the server sees as the peer's.
	 */
	public int localPort() {
		return this.socket.getLocalPort();
	}

	/**
	 * Talk over a socket that is already connected, such as a TLS one. Reads time out after ten seconds.
	 */
	public static DsmqTestClient over(Socket socket) {
		try {
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(READ_TIMEOUT_MILLIS);
			return new DsmqTestClient(socket);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
	 * Poll with {@code get} until a message arrives, as dsmq's {@code get_wait} does.
	 */
	public String getWait(String topic, int tries) {
		String message = "";
		for (int i = 0; i < tries && message.isEmpty(); i++) {
			message = get(topic);
		}
		return message;
	}

	public void send(Map<String, ?> request) {
		sendRaw(frame(request));
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
		catch (EOFException ex) {
			return true;
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
