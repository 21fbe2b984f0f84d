package dev.dsmq.test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A dsmq 0.7 peer on a plain socket, as the protocol describes it: a 23-byte header {@code {"msg_length": N}} with
 * {@code N = 1000000 + body length}, then the JSON body.
 */
final class FramedSocket implements AutoCloseable {

	private final Socket socket;

	private final OutputStream out;

	private final DataInputStream in;

	FramedSocket(String host, int port) throws IOException {
		this.socket = new Socket(host, port);
		this.out = this.socket.getOutputStream();
		this.in = new DataInputStream(this.socket.getInputStream());
	}

	void put(String topic, String message) throws IOException {
		send("{\"action\": \"put\", \"topic\": \"" + topic + "\", \"message\": \"" + message + "\"}");
	}

	/**
	 * Return the reply to a get, the JSON object as sent.
	 */
	String get(String topic) throws IOException {
		send("{\"action\": \"get\", \"topic\": \"" + topic + "\"}");
		byte[] header = new byte[23];
		this.in.readFully(header);
		String text = new String(header, StandardCharsets.US_ASCII);
		int length = Integer.parseInt(text.substring(text.indexOf(':') + 1, text.indexOf('}')).trim()) - 1_000_000;
		byte[] body = new byte[length];
		this.in.readFully(body);
		return new String(body, StandardCharsets.UTF_8);
	}

	private void send(String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		byte[] header = ("{\"msg_length\": " + (1_000_000 + body.length) + "}").getBytes(StandardCharsets.US_ASCII);
		this.out.write(header);
		this.out.write(body);
		this.out.flush();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
