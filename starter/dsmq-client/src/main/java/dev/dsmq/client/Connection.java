package dev.dsmq.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One TCP connection: requests are written in turn by any thread, and a reader thread matches each reply to its
 * request by id. Once the connection fails, it stays failed and every request still waiting fails with the reason.
 */
final class Connection {

	private final String address;

	private final Socket socket;

	private final OutputStream out;

	private final JsonMapper json;

	private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

	private final Object writeLock = new Object();

	private volatile DsmqConnectionException failure;

	private Connection(String address, Socket socket, JsonMapper json) throws IOException {
		this.address = address;
		this.socket = socket;
		this.out = socket.getOutputStream();
		this.json = json;
	}

	/**
	 * Connect, secure and authenticate the connection as configured, and start reading replies.
	 * @throws DsmqConnectionException if the server cannot be reached within the timeout
	 */
	static Connection open(String host, int port, Duration connectTimeout, Security security, JsonMapper json) {
		String address = host + ":" + port;
		Socket plain = new Socket();
		try {
			plain.setTcpNoDelay(true);
			plain.connect(new InetSocketAddress(host, port), Math.toIntExact(connectTimeout.toMillis()));
			Socket socket = security.establish(plain, host, port, connectTimeout, json);
			Connection connection = new Connection(address, socket, json);
			InputStream in = socket.getInputStream();
			Thread reader = new Thread(() -> connection.readReplies(in), "dsmq-reader-" + address);
			reader.setDaemon(true);
			reader.start();
			return connection;
		}
		catch (IOException ex) {
			closeQuietly(plain);
			throw new DsmqConnectionException("could not connect to " + address + ": " + ex.getMessage()
					+ " (connect timeout " + connectTimeout.toMillis() + " ms)", ex);
		}
		catch (DsmqConnectionException ex) {
			closeQuietly(plain);
			throw ex;
		}
	}

	boolean isOpen() {
		return this.failure == null;
	}

	/**
	 * Write a request that expects a reply.
	 * @return the reply, or a failure if the connection fails first
	 */
	CompletableFuture<JsonNode> send(long id, byte[] frame) {
		CompletableFuture<JsonNode> reply = new CompletableFuture<>();
		this.pending.put(id, reply);
		write(frame);
		DsmqConnectionException failed = this.failure;
		if (failed != null && this.pending.remove(id) != null) {
			reply.completeExceptionally(failed);
		}
		return reply;
	}

	/**
	 * Write a request that has no reply.
	 * @throws DsmqConnectionException if the connection has failed
	 */
	void sendWithoutReply(byte[] frame) {
		write(frame);
		DsmqConnectionException failed = this.failure;
		if (failed != null) {
			throw failed;
		}
	}

	/**
	 * Stop waiting for a reply, so that a late one is dropped.
	 */
	void forget(long id) {
		this.pending.remove(id);
	}

	void close(String reason) {
		fail(new DsmqConnectionException("connection to " + this.address + " closed: " + reason));
	}

	private void write(byte[] frame) {
		synchronized (this.writeLock) {
			if (this.failure != null) {
				return;
			}
			try {
				this.out.write(frame);
				this.out.flush();
			}
			catch (IOException ex) {
				fail(new DsmqConnectionException("connection to " + this.address + " lost: " + ex.getMessage(), ex));
			}
		}
	}

	private void readReplies(InputStream in) {
		try {
			byte[] body;
			while ((body = Frames.read(in)) != null) {
				dispatch(body);
			}
			fail(new DsmqConnectionException("connection to " + this.address + " closed by the server"));
		}
		catch (Frames.MalformedFrameException ex) {
			fail(new DsmqProtocolException("garbled reply from " + this.address + ": " + ex.getMessage(), ex));
		}
		catch (IOException ex) {
			fail(new DsmqConnectionException("connection to " + this.address + " lost: " + ex.getMessage(), ex));
		}
		catch (DsmqConnectionException ex) {
			fail(ex);
		}
	}

	private void dispatch(byte[] body) {
		JsonNode reply;
		try {
			reply = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new DsmqProtocolException("reply from " + this.address + " is not JSON: " + text(body), ex);
		}
		JsonNode id = (reply != null) ? reply.get("id") : null;
		if (id == null || !id.isIntegralNumber()) {
			// Only a frame-level error comes without our id, and the server closes the connection after it.
			throw new DsmqProtocolException("reply from " + this.address + " has no request id: " + text(body));
		}
		CompletableFuture<JsonNode> request = this.pending.remove(id.asLong());
		if (request != null) {
			request.complete(reply);
		}
	}

	private void fail(DsmqConnectionException reason) {
		synchronized (this.pending) {
			if (this.failure != null) {
				return;
			}
			this.failure = reason;
		}
		closeQuietly(this.socket);
		for (Long id : this.pending.keySet()) {
			CompletableFuture<JsonNode> request = this.pending.remove(id);
			if (request != null) {
				request.completeExceptionally(reason);
			}
		}
	}

	private static String text(byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8);
		return (text.length() > 200) ? text.substring(0, 200) + "..." : text;
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// nothing left to release
		}
	}

}
