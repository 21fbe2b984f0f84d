package dev.dsmq.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * dsmq's groups over 0.7 framing: {@code get} with a group claims, and the {@code delete} of a claimed message,
 * which has no reply, leaves in the same write as the next {@code get}, so that each message costs one round trip,
 * as Redis's pipelined {@code XACK} and {@code XREADGROUP} do.
 */
final class DsmqWorkQueueClient implements WorkQueueClient {

	private static final JsonFactory json = new JsonFactory();

	private final Socket socket;

	private final OutputStream out;

	private final DataInputStream in;

	private final byte[] header = new byte[23];

	/** The sequence number of the message claimed last and not yet deleted, or 0. */
	private long claimed;

	DsmqWorkQueueClient(int port) throws IOException {
		this.socket = new Socket();
		this.socket.setTcpNoDelay(true);
		this.socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
		this.socket.setSoTimeout(60_000);
		this.out = new BufferedOutputStream(this.socket.getOutputStream(), 64 * 1024);
		this.in = new DataInputStream(new BufferedInputStream(this.socket.getInputStream(), 64 * 1024));
	}

	/**
	 * A group starts at the oldest message its topic holds when it is first used, so it needs no creating.
	 */
	@Override
	public void createGroup(String topic, String group) {
	}

	@Override
	public void put(String topic, String message, boolean flush) throws IOException {
		this.out.write(DsmqClient.frame(Requests.put(topic, message)));
		if (flush) {
			this.out.flush();
		}
	}

	@Override
	public void confirmPuts(String topic) throws IOException {
		this.out.write(DsmqClient.frame(Requests.getLatest(topic)));
		this.out.flush();
		DsmqClient.readBody(this.in, this.header);
	}

	@Override
	public String take(String topic, String group, boolean pop) throws IOException {
		if (this.claimed != 0) {
			this.out.write(DsmqClient.frame("{\"action\": \"delete\", \"topic\": \"" + topic + "\", \"group\": \""
					+ group + "\", \"seq\": " + this.claimed + "}"));
			this.claimed = 0;
		}
		this.out.write(DsmqClient.frame("{\"action\": \"" + (pop ? "pop" : "get") + "\", \"topic\": \"" + topic
				+ "\", \"group\": \"" + group + "\"}"));
		this.out.flush();
		byte[] body = DsmqClient.readBody(this.in, this.header);
		String message = null;
		long seq = 0;
		try (JsonParser parser = json.createParser(ObjectReadContext.empty(), body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new IOException("reply is not a JSON object: " + new String(body, StandardCharsets.UTF_8));
			}
			String name;
			while ((name = parser.nextName()) != null) {
				JsonToken token = parser.nextToken();
				if (name.equals("message") && token == JsonToken.VALUE_STRING) {
					message = parser.getString();
				}
				else if (name.equals("seq") && token == JsonToken.VALUE_NUMBER_INT) {
					seq = parser.getLongValue();
				}
				else if (name.equals("error")) {
					throw new IOException("server refused the request: " + new String(body, StandardCharsets.UTF_8));
				}
				else {
					parser.skipChildren();
				}
			}
		}
		if (message == null || seq == 0) {
			return null;
		}
		if (!pop) {
			this.claimed = seq;
		}
		return message;
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
