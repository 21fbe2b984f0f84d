package dev.dsmq.bench;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A dsmq client as a well-behaved program writes one: header and body in one write, TCP_NODELAY on; or, split, as
 * dsmq's own Python client writes: header and body in two writes, with Nagle's algorithm on.
 */
final class DsmqClient implements QueueClient {

	private final Socket socket;

	private final OutputStream out;

	private final DataInputStream in;

	private final byte[] header = new byte[23];

	private final Map<String, byte[]> getFrames = new HashMap<>();

	private final boolean split;

	DsmqClient(int port) throws IOException {
		this(port, false);
	}

	DsmqClient(int port, boolean split) throws IOException {
		this.split = split;
		this.socket = new Socket();
		this.socket.setTcpNoDelay(!split);
		this.socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
		this.socket.setSoTimeout(60_000);
		this.out = new BufferedOutputStream(this.socket.getOutputStream(), 64 * 1024);
		this.in = new DataInputStream(new java.io.BufferedInputStream(this.socket.getInputStream(), 64 * 1024));
	}

	/**
	 * A dsmq connection reads from the moment it was accepted; one round trip proves it was.
	 */
	@Override
	public void subscribe(String topic) throws IOException {
		get(topic);
	}

	@Override
	public void put(String topic, String message, boolean flush) throws IOException {
		this.out.write(frame(Requests.put(topic, message)));
		if (flush) {
			this.out.flush();
		}
	}

	@Override
	public String get(String topic) throws IOException {
		return request(this.getFrames.computeIfAbsent(topic, (t) -> frame(Requests.get(t))));
	}

	@Override
	public String confirmPuts(String topic) throws IOException {
		return request(frame(Requests.getLatest(topic)));
	}

	private String request(byte[] frame) throws IOException {
		if (this.split) {
			this.out.write(frame, 0, 23);
			this.out.flush();
			this.out.write(frame, 23, frame.length - 23);
		}
		else {
			this.out.write(frame);
		}
		this.out.flush();
		return Replies.message(readBody(this.in, this.header));
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	static byte[] frame(String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		byte[] frame = new byte[23 + bytes.length];
		byte[] header = ("{\"msg_length\": " + (1_000_000 + bytes.length) + "}").getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(header, 0, frame, 0, 23);
		System.arraycopy(bytes, 0, frame, 23, bytes.length);
		return frame;
	}

	static byte[] readBody(InputStream stream, byte[] header) throws IOException {
		DataInputStream in = (stream instanceof DataInputStream data) ? data : new DataInputStream(stream);
		in.readFully(header);
		int length = 0;
		for (int i = 15; i < 22; i++) {
			length = length * 10 + (header[i] - '0');
		}
		byte[] body = new byte[length - 1_000_000];
		in.readFully(body);
		return body;
	}

}
