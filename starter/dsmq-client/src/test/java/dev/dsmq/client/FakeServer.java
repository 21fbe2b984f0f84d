package dev.dsmq.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A server socket that records the requests it receives and sends back whatever bytes a test scripts, for failure
 * paths a real server does not produce. Serves one connection at a time; a new connection replaces the old one.
 */
final class FakeServer implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final ServerSocket serverSocket;

	private final BlockingQueue<JsonNode> requests = new LinkedBlockingQueue<>();

	private volatile Socket connection;

	FakeServer() throws IOException {
		this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "fake-dsmq-server");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.serverSocket.getLocalPort();
	}

	DsmqClient client() {
		return DsmqClient.builder().port(port()).build();
	}

	/**
	 * Return the next request received, waiting up to ten seconds for it.
	 */
	JsonNode nextRequest() throws InterruptedException {
		JsonNode request = this.requests.poll(10, TimeUnit.SECONDS);
		if (request == null) {
			throw new AssertionError("no request arrived");
		}
		return request;
	}

	void reply(String body) {
		sendRaw(Frames.encode(body.getBytes(StandardCharsets.UTF_8)));
	}

	void sendRaw(byte[] bytes) {
		try {
			this.connection.getOutputStream().write(bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void dropConnection() throws IOException {
		this.connection.close();
	}

	private void accept() {
		try {
			while (true) {
				Socket socket = this.serverSocket.accept();
				this.connection = socket;
				Thread reader = new Thread(() -> read(socket), "fake-dsmq-reader");
				reader.setDaemon(true);
				reader.start();
			}
		}
		catch (IOException ex) {
			// closed by the test
		}
	}

	private void read(Socket socket) {
		try (InputStream in = socket.getInputStream()) {
			byte[] body;
			while ((body = Frames.read(in)) != null) {
				this.requests.add(json.readTree(body));
			}
		}
		catch (IOException ex) {
			// the connection was dropped
		}
	}

	@Override
	public void close() throws IOException {
		this.serverSocket.close();
		if (this.connection != null) {
			this.connection.close();
		}
	}

}
