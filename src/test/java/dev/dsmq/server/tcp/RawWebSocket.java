package dev.dsmq.server.tcp;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.json.JsonMapper;

/**
 * A WebSocket client down to the byte over a plain socket, for what a client library refuses to send: any request
 * head, frames built by hand, bytes a few at a time. The server's answers are parsed here, with none of its code.
 */
final class RawWebSocket implements AutoCloseable {

	static final int CONTINUATION = 0x0;

	static final int TEXT = 0x1;

	static final int CLOSE = 0x8;

	static final int PING = 0x9;

	static final int PONG = 0xA;

	static final int FIN = 0x80;

	static final int RSV1 = 0x40;

	/** The key of RFC 6455's example handshake (section 1.3), and the accept value it asks for. */
	static final String KEY = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==";

	static final String ACCEPT = "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

	static final String VERSION_13 = "Sec-WebSocket-Version: 13";

	/** The masking key of RFC 6455's examples (section 5.7). */
	private static final byte[] MASK = { 0x37, (byte) 0xfa, 0x21, 0x3d };

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final int TIMEOUT_MILLIS = 10_000;

	private final Socket socket;

	private final DataInputStream in;

	private final OutputStream out;

	private RawWebSocket(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new DataInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
	}

	/**
	 * Connect to a server on the loopback address; reads time out after ten seconds.
	 */
	static RawWebSocket connect(int port) {
		try {
			Socket socket = new Socket();
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(TIMEOUT_MILLIS);
			socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
			return new RawWebSocket(socket);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Connect and complete a valid upgrade to dsmq 1.x.
	 */
	static RawWebSocket upgraded(int port) {
		RawWebSocket client = connect(port);
		client.send(request("/", KEY, VERSION_13));
		HttpResponse response = client.readHttpResponse();
		if (response.status() != 101) {
			throw new IllegalStateException("upgrade refused: " + response.head());
		}
		return client;
	}

	/**
	 * A request head for {@code path} with the fields every upgrade has, then the given ones.
	 */
	static String request(String path, String... fields) {
		StringBuilder request = new StringBuilder("GET ").append(path)
			.append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n");
		for (String field : fields) {
			request.append(field).append("\r\n");
		}
		return request.append("\r\n").toString();
	}

	/**
	 * A masked frame with the shortest length encoding.
	 * @param firstByte FIN, RSV and opcode
	 */
	static byte[] frame(int firstByte, byte[] payload) {
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.writeBytes(header(firstByte, payload.length));
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ MASK[i % 4]);
		}
		return frame.toByteArray();
	}

	/**
	 * A frame whose payload is not masked, as only a server may send.
	 */
	static byte[] unmasked(int firstByte, byte[] payload) {
		byte[] frame = new byte[2 + payload.length];
		frame[0] = (byte) firstByte;
		frame[1] = (byte) payload.length;
		System.arraycopy(payload, 0, frame, 2, payload.length);
		return frame;
	}

	/**
	 * The header of a masked frame alone: its payload is for the caller to send, or not.
	 */
	static byte[] header(int firstByte, long payloadLength) {
		ByteBuffer header = ByteBuffer.allocate(14);
		header.put((byte) firstByte);
		if (payloadLength <= 125) {
			header.put((byte) (0x80 | payloadLength));
		}
		else if (payloadLength <= 0xFFFF) {
			header.put((byte) (0x80 | 126)).putShort((short) payloadLength);
		}
		else {
			header.put((byte) (0x80 | 127)).putLong(payloadLength);
		}
		header.put(MASK);
		return Arrays.copyOf(header.array(), header.position());
	}

	static byte[] text(String text) {
		return frame(FIN | TEXT, text.getBytes(StandardCharsets.UTF_8));
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	void send(String ascii) {
		send(ascii.getBytes(StandardCharsets.US_ASCII));
	}

	void send(byte[] bytes) {
		try {
			this.out.write(bytes);
			this.out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Send the bytes one at a time, each in a write of its own after the given gap.
	 */
	void dribble(byte[] bytes, Duration gap) {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
		CompletableFuture<Void> sent = new CompletableFuture<>();
		int[] next = new int[1];
		try {
			executor.scheduleWithFixedDelay(() -> {
				if (next[0] == bytes.length) {
					sent.complete(null);
					return;
				}
				try {
					send(new byte[] { bytes[next[0]++] });
				}
				catch (UncheckedIOException ex) {
					sent.completeExceptionally(ex);
				}
			}, 0, gap.toNanos(), TimeUnit.NANOSECONDS);
			sent.orTimeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).join();
		}
		finally {
			executor.shutdownNow();
		}
	}

	/**
	 * Read an HTTP response head, and its body if it says how long it is.
	 */
	HttpResponse readHttpResponse() {
		try {
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
				head.write(this.in.readUnsignedByte());
			}
			String text = head.toString(StandardCharsets.ISO_8859_1);
			int status = Integer.parseInt(text.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
			String body = "";
			for (String line : text.split("\r\n")) {
				if (line.regionMatches(true, 0, "Content-Length:", 0, "Content-Length:".length())) {
					byte[] bytes = new byte[Integer.parseInt(line.substring("Content-Length:".length()).trim())];
					this.in.readFully(bytes);
					body = new String(bytes, StandardCharsets.UTF_8);
				}
			}
			return new HttpResponse(status, text, body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Read one frame as RFC 6455 has a client read it: FIN, RSV and opcode, a 7, 16 or 64-bit length, a mask bit.
	 */
	Frame readFrame() {
		try {
			int first = this.in.readUnsignedByte();
			int second = this.in.readUnsignedByte();
			long length = second & 0x7F;
			if (length == 126) {
				length = this.in.readUnsignedShort();
			}
			else if (length == 127) {
				length = this.in.readLong();
			}
			boolean masked = (second & 0x80) != 0;
			byte[] mask = new byte[4];
			if (masked) {
				this.in.readFully(mask);
			}
			byte[] payload = new byte[Math.toIntExact(length)];
			this.in.readFully(payload);
			for (int i = 0; masked && i < payload.length; i++) {
				payload[i] ^= mask[i % 4];
			}
			return new Frame((first & 0x80) != 0, (first >> 4) & 0x7, first & 0xF, masked, payload);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Whether the server has closed the connection: the next read finds the end of the stream, or a reset.
	 */
	boolean isClosedByServer() {
		try {
			return this.in.read() == -1;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (SocketException ex) {
			return true;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
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
	 * An HTTP response as it came.
	 * @param status the status code
	 * @param head the status line and header fields, up to and with the blank line
	 * @param body the body, as UTF-8
	 */
	record HttpResponse(int status, String head, String body) {
	}

	/**
	 * A frame the server wrote, its payload unmasked if it came masked.
	 */
	record Frame(boolean fin, int reserved, int opcode, boolean masked, byte[] payload) {

		/**
		 * Return the status code of a close frame: its first two payload bytes.
		 */
		int closeCode() {
			if (this.opcode != CLOSE || this.payload.length < 2) {
				throw new IllegalStateException("not a close frame with a status: opcode 0x"
						+ Integer.toHexString(this.opcode) + ", " + this.payload.length + " payload bytes");
			}
			return ((this.payload[0] & 0xFF) << 8) | (this.payload[1] & 0xFF);
		}

		String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

		@Override
		public String toString() {
			return "frame (fin " + this.fin + ", rsv " + this.reserved + ", opcode 0x" + Integer.toHexString(this.opcode)
					+ ", masked " + this.masked + ") of " + this.payload.length + " bytes: "
					+ new String(this.payload, StandardCharsets.ISO_8859_1);
		}

		Map<String, Object> json() {
			return RawWebSocket.json.readValue(this.payload,
					RawWebSocket.json.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
		}

	}

}
