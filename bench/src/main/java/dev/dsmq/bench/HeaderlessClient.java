package dev.dsmq.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import tools.jackson.core.JsonParser;

/**
 * A dsmq 0.1-0.4 client: each request is its bare JSON object, no header, one write with TCP_NODELAY on; the replies
 * are read as one stream of JSON values back to back, so a reply split over segments, or two in one, read right.
 */
final class HeaderlessClient implements QueueClient {

	private final Socket socket;

	private final OutputStream out;

	private final InputStream in;

	/** Made at the first reply: a parser reads the first bytes as it is made, to tell their encoding. */
	private JsonParser replies;

	private final Map<String, byte[]> gets = new HashMap<>();

	HeaderlessClient(int port) throws IOException {
		this.socket = new Socket();
		this.socket.setTcpNoDelay(true);
		this.socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
		this.socket.setSoTimeout(60_000);
		this.out = new BufferedOutputStream(this.socket.getOutputStream(), 64 * 1024);
		this.in = this.socket.getInputStream();
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
		this.out.write(Requests.put(topic, message).getBytes(StandardCharsets.UTF_8));
		if (flush) {
			this.out.flush();
		}
	}

	@Override
	public String get(String topic) throws IOException {
		return request(this.gets.computeIfAbsent(topic, (t) -> Requests.get(t).getBytes(StandardCharsets.UTF_8)));
	}

	@Override
	public String confirmPuts(String topic) throws IOException {
		return request(Requests.getLatest(topic).getBytes(StandardCharsets.UTF_8));
	}

	private String request(byte[] body) throws IOException {
		this.out.write(body);
		this.out.flush();
		if (this.replies == null) {
			this.replies = Replies.stream(this.in);
		}
		return Replies.next(this.replies, () -> "a reply on the stream");
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
