package dev.dsmq.server.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.HandshakeState;
import org.java_websocket.enums.Role;
import org.java_websocket.exceptions.IncompleteHandshakeException;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.HandshakeBuilder;
import org.java_websocket.handshake.HandshakeImpl1Server;
import org.jspecify.annotations.Nullable;

/**
 * The server's side of the WebSocket opening handshake (RFC 6455, section 4.2): the client's HTTP/1.1 upgrade
 * request read from the stream, and the response that accepts or refuses it.
 * <p>
 * Java-WebSocket's {@code Draft_6455} parses the request head, checks the version and computes
 * {@code Sec-WebSocket-Accept}; it checks neither {@code Upgrade}, {@code Connection}, {@code Host} nor the form
 * of the key, so those are checked here. No extension is accepted: {@code permessage-deflate}, which the dsmq
 * client offers, is declined by leaving it out of the {@code 101} response.
 * <p>
 * The path tells the endpoint, which the caller chooses: {@code /} is dsmq 1.x's, any longer path a tinyMQ topic's.
 */
public final class WebSocketHandshake {

	/** Bytes a head is read into at first; most are a few hundred. */
	private static final int FIRST_HEAD_BUFFER = 1024;

	/** The path of the dsmq 1.x endpoint. */
	static final String DSMQ_PATH = "/";

	private static final byte[] END_OF_HEAD = { '\r', '\n', '\r', '\n' };

	private WebSocketHandshake() {
	}

	/**
	 * Read a request head, bounded by the given length and, where {@code in} is a {@link FrameInput}, by the frame
	 * timeout, and answer it. Nothing past the head is read.
	 * @param maxHeadLength the most bytes of the head, its request line and header fields, that are read; a longer
	 * head is refused with {@code 431}
	 * @throws TruncatedFrameException if the stream ends before the head does
	 */
	public static Outcome read(InputStream in, int maxHeadLength) throws IOException {
		if (maxHeadLength < 1) {
			throw new IllegalArgumentException(
					"maximum request head length of " + maxHeadLength + " bytes is not positive");
		}
		FrameInput input = (in instanceof FrameInput frameInput) ? frameInput : null;
		if (input != null) {
			// the connection has seen the head begin already
			input.frameStarted();
		}
		try {
			byte[] head = readHead(in, maxHeadLength);
			return (head != null) ? answer(head) : refuse(431, RejectReason.BAD_HANDSHAKE, "request head exceeds the "
					+ maxHeadLength + "-byte limit (dsmq.websocket.max-handshake-size)");
		}
		catch (SocketTimeoutException ex) {
			return refuse(408, RejectReason.FRAME_TIMEOUT, "request head not complete in time",
					Objects.requireNonNullElse(ex.getMessage(), "request head not complete in time"));
		}
		finally {
			if (input != null) {
				input.frameEnded();
			}
		}
	}

	/**
	 * Read up to the blank line that ends the head, one byte at a time so as not to read what follows it.
	 * @return the head, its blank line included, or {@code null} if it is longer than the limit
	 */
	private static byte @Nullable [] readHead(InputStream in, int maxLength) throws IOException {
		// the buffer grows to the limit only for a head that takes it, not for every connection that upgrades
		byte[] head = new byte[Math.min(maxLength, FIRST_HEAD_BUFFER)];
		for (int length = 0; length < maxLength; length++) {
			int next = in.read();
			if (next < 0) {
				throw new TruncatedFrameException("stream closed after " + length + " bytes of the request head");
			}
			if (length == head.length) {
				head = Arrays.copyOf(head, (int) Math.min(maxLength, 2L * head.length));
			}
			head[length] = (byte) next;
			if (length >= 3 && endsHead(head, length + 1)) {
				return Arrays.copyOf(head, length + 1);
			}
		}
		return null;
	}

	private static boolean endsHead(byte[] head, int length) {
		return Arrays.equals(head, length - END_OF_HEAD.length, length, END_OF_HEAD, 0, END_OF_HEAD.length);
	}

	private static Outcome answer(byte[] head) {
		Draft_6455 draft = new Draft_6455();
		draft.setParseMode(Role.SERVER);
		try {
			// in the server's role the draft reads a client's request
			ClientHandshake request = (ClientHandshake) draft.translateHandshake(ByteBuffer.wrap(head));
			Outcome refusal = refusal(draft, request);
			return (refusal != null) ? refusal
					: new Accepted(response(draft, request), request.getResourceDescriptor());
		}
		catch (InvalidHandshakeException | IncompleteHandshakeException ex) {
			return refuse(400, RejectReason.BAD_HANDSHAKE, "not an HTTP/1.1 GET request",
					"not an HTTP/1.1 GET request" + ((ex.getMessage() != null) ? ": " + ex.getMessage() : ""));
		}
	}

	private static @Nullable Outcome refusal(Draft_6455 draft, ClientHandshake request)
			throws InvalidHandshakeException {
		if (request.getFieldValue("Host").isBlank()) {
			return refuse(400, RejectReason.BAD_HANDSHAKE, "no Host header");
		}
		if (!hasToken(request.getFieldValue("Upgrade"), "websocket")) {
			return refuse(400, RejectReason.BAD_HANDSHAKE, "not a WebSocket upgrade: no Upgrade: websocket header");
		}
		if (!hasToken(request.getFieldValue("Connection"), "upgrade")) {
			return refuse(400, RejectReason.BAD_HANDSHAKE, "not a WebSocket upgrade: no Connection: Upgrade header");
		}
		String version = request.getFieldValue("Sec-WebSocket-Version");
		if (version.isBlank()) {
			return refuse(400, RejectReason.BAD_HANDSHAKE, "no Sec-WebSocket-Version header");
		}
		// with no extension or subprotocol of its own, the draft matches every request of version 13, and only those
		if (draft.acceptHandshakeAsServer(request) != HandshakeState.MATCHED) {
			return refuse(426, RejectReason.BAD_HANDSHAKE, "WebSocket version 13 is the only one spoken",
					"WebSocket version " + ClientText.quote(version) + " is not 13");
		}
		String key = request.getFieldValue("Sec-WebSocket-Key");
		if (key.isBlank()) {
			return refuse(400, RejectReason.BAD_HANDSHAKE, "no Sec-WebSocket-Key header");
		}
		if (!isKey(key)) {
			return refuse(400, RejectReason.BAD_HANDSHAKE, "Sec-WebSocket-Key is not 16 bytes in base64",
					"Sec-WebSocket-Key " + ClientText.quote(key) + " is not 16 bytes in base64");
		}
		if (!request.getResourceDescriptor().startsWith(DSMQ_PATH)) {
			return refuse(404, RejectReason.BAD_HANDSHAKE,
					"no WebSocket endpoint at this path; dsmq is at /, tinyMQ at /<topic>",
					"no WebSocket endpoint at " + ClientText.quote(request.getResourceDescriptor()));
		}
		return null;
	}

	/**
	 * Whether a header's value lists the token, whatever its case. The draft joins repeated fields with
	 * {@code "; "}, so either separator ends a token.
	 */
	private static boolean hasToken(String value, String token) {
		for (String candidate : value.split("[,;]")) {
			if (candidate.trim().toLowerCase(Locale.ROOT).equals(token)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isKey(String key) {
		try {
			return Base64.getDecoder().decode(key.trim()).length == 16;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * The draft computes the accept key; its response also echoes the request's {@code Connection} field, names
	 * the library as the server and adds a date, so only the fields RFC 6455 asks for are copied into the one sent.
	 */
	private static byte[] response(Draft_6455 draft, ClientHandshake request) throws InvalidHandshakeException {
		HandshakeBuilder drafted = draft.postProcessHandshakeResponseAsServer(request, new HandshakeImpl1Server());
		HandshakeImpl1Server response = new HandshakeImpl1Server();
		response.setHttpStatus((short) 101);
		response.setHttpStatusMessage("Switching Protocols");
		response.put("Upgrade", "websocket");
		response.put("Connection", "Upgrade");
		response.put("Sec-WebSocket-Accept", drafted.getFieldValue("Sec-WebSocket-Accept"));
		ByteBuffer bytes = draft.createHandshake(response).get(0);
		return Arrays.copyOfRange(bytes.array(), bytes.position(), bytes.limit());
	}

	private static Refused refuse(int status, RejectReason reason, String detail) {
		return refuse(status, reason, detail, detail);
	}

	/**
	 * @param text what the response tells the client, never the client's own text
	 * @param detail what the log is told
	 */
	private static Refused refuse(int status, RejectReason reason, String text, String detail) {
		return new Refused(status, HttpRefusal.response(status, text), reason, detail);
	}

	/**
	 * Return the HTTP response that refuses a request before the upgrade, such as a {@code 503} when the server
	 * holds as many connections as it may. It closes the connection and tells why in a line of plain text.
	 * @param status an HTTP status of 400 to 599
	 * @param text what to tell the client
	 */
	public static byte[] errorResponse(int status, String text) {
		return HttpRefusal.response(status, text);
	}

	/**
	 * How the server answered a handshake: the response to write, and whether the connection goes on.
	 */
	public sealed interface Outcome permits Accepted, Refused {

		/**
		 * The bytes to write back, as they are.
		 */
		byte[] response();

	}

	/**
	 * An upgrade accepted: once the {@code 101} response is written, the connection speaks WebSocket.
	 * @param response the {@code 101 Switching Protocols} response
	 * @param path the request's path, which names the endpoint: {@code /} for dsmq 1.x, {@code /<topic>} for tinyMQ
	 */
	public record Accepted(byte[] response, String path) implements Outcome {

		public Accepted {
			Objects.requireNonNull(response, "response");
			Objects.requireNonNull(path, "path");
		}

		/**
		 * Whether the path is dsmq 1.x's, rather than a tinyMQ topic's.
		 */
		public boolean isDsmq() {
			return DSMQ_PATH.equals(this.path);
		}

	}

	/**
	 * A request refused: once the response is written, the connection is closed.
	 * @param status the response's HTTP status
	 * @param response the HTTP error response
	 * @param reason why, for the metrics
	 * @param detail what was wrong, one line for the log
	 */
	public record Refused(int status, byte[] response, RejectReason reason, String detail) implements Outcome {

		public Refused {
			if (status < 400 || status > 599) {
				throw new IllegalArgumentException("HTTP status " + status + " refuses nothing");
			}
			if (!reason.closesConnection()) {
				throw new IllegalArgumentException(reason + " does not close the connection");
			}
			Objects.requireNonNull(response, "response");
			Objects.requireNonNull(detail, "detail");
		}

	}

}
