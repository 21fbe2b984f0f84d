package dev.dsmq.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;

import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.HandshakeState;
import org.java_websocket.enums.Opcode;
import org.java_websocket.enums.Role;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.PingFrame;
import org.java_websocket.framing.PongFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.HandshakeImpl1Client;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshake;

/**
 * A dsmq 1.x client that speaks RFC 6455 through Java-WebSocket's own codec ({@link Draft_6455}: the opening
 * handshake, its check of {@code Sec-WebSocket-Accept}, masked frames out, frames in) on a plain socket, and does
 * every read and write on the caller's thread, as the framed and headerless clients do.
 * <p>
 * It is there to tell the server's cost from the client's: {@link WebSocketQueueClient} hands each request to the
 * library's writer thread and each reply back from its reader thread, and those two hand-offs cost as much as a
 * whole framed round trip on this machine.
 */
final class WebSocketInlineClient extends TextMessageClient {

	private final Socket socket;

	private final OutputStream out;

	private final InputStream in;

	private final Draft_6455 draft = new Draft_6455();

	private final byte[] buffer = new byte[64 * 1024];

	private final Queue<String> replies = new ArrayDeque<>();

	private final ByteArrayOutputStream fragments = new ByteArrayOutputStream();

	WebSocketInlineClient(int port) throws IOException {
		this.socket = new Socket();
		this.socket.setTcpNoDelay(true);
		this.socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
		this.socket.setSoTimeout(60_000);
		this.out = this.socket.getOutputStream();
		this.in = new BufferedInputStream(this.socket.getInputStream(), 64 * 1024);
		this.draft.setParseMode(Role.CLIENT);
		handshake("127.0.0.1:" + port);
	}

	private void handshake(String host) throws IOException {
		HandshakeImpl1Client request = new HandshakeImpl1Client();
		request.setResourceDescriptor("/");
		request.put("Host", host);
		try {
			this.draft.postProcessHandshakeRequestAsClient(request);
			for (ByteBuffer bytes : this.draft.createHandshake(request)) {
				write(bytes);
			}
			this.out.flush();
			Handshakedata response = this.draft.translateHandshake(ByteBuffer.wrap(responseHead()));
			if (!(response instanceof ServerHandshake server)
					|| this.draft.acceptHandshakeAsClient((ClientHandshake) request, server) != HandshakeState.MATCHED) {
				throw new IOException("the server did not accept the WebSocket upgrade");
			}
		}
		catch (InvalidHandshakeException ex) {
			throw new IOException("WebSocket handshake failed: " + ex.getMessage(), ex);
		}
	}

	/** The status line and headers of the server's response, up to and with the empty line. */
	private byte[] responseHead() throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int b = this.in.read();
			if (b < 0) {
				throw new EOFException("the server closed the connection during the WebSocket handshake");
			}
			head.write(b);
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		return head.toByteArray();
	}

	@Override
	void send(String text) throws IOException {
		for (Framedata frame : this.draft.createFrames(text, true)) {
			write(this.draft.createBinaryFrame(frame));
		}
	}

	private void write(ByteBuffer bytes) throws IOException {
		this.out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
	}

	@Override
	String reply() throws IOException {
		while (this.replies.isEmpty()) {
			int read = this.in.read(this.buffer);
			if (read < 0) {
				throw new EOFException("the server closed the connection");
			}
			try {
				for (Framedata frame : this.draft.translateFrame(ByteBuffer.wrap(this.buffer, 0, read))) {
					receive(frame);
				}
			}
			catch (InvalidDataException ex) {
				throw new IOException("the server sent a frame RFC 6455 does not allow: " + ex.getMessage(), ex);
			}
		}
		return Replies.message(this.replies.poll());
	}

	private void receive(Framedata frame) throws IOException {
		Opcode opcode = frame.getOpcode();
		if (opcode == Opcode.TEXT || opcode == Opcode.BINARY || opcode == Opcode.CONTINUOUS) {
			ByteBuffer payload = frame.getPayloadData();
			this.fragments.write(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining());
			if (frame.isFin()) {
				this.replies.add(this.fragments.toString(StandardCharsets.UTF_8));
				this.fragments.reset();
			}
		}
		else if (opcode == Opcode.PING) {
			write(this.draft.createBinaryFrame(new PongFrame((PingFrame) frame)));
		}
		else if (opcode == Opcode.CLOSING) {
			CloseFrame close = (CloseFrame) frame;
			throw new EOFException("the server closed the WebSocket with " + close.getCloseCode() + " "
					+ close.getMessage());
		}
	}

	/** Says goodbye with a close frame (1000), as a client that means to leave does, then closes the socket. */
	@Override
	public void close() throws IOException {
		try (Socket socket = this.socket) {
			write(this.draft.createBinaryFrame(new CloseFrame()));
		}
	}

}
