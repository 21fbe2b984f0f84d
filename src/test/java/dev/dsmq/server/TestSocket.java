package dev.dsmq.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A plain socket as the tests' clients use it: reads time out after ten seconds, so that a missing reply fails a
 * test instead of hanging it, and I/O failures are unchecked.
 */
public abstract class TestSocket implements AutoCloseable {

	static final int READ_TIMEOUT_MILLIS = 10_000;

	private final Socket socket;

	private final OutputStream out;

	protected TestSocket(Socket socket) {
		try {
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(READ_TIMEOUT_MILLIS);
			this.socket = socket;
			this.out = socket.getOutputStream();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Connect a socket to a server on the loopback address.
	 */
	protected static Socket open(int port) {
		try {
			Socket socket = new Socket();
			socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The stream replies are read from.
	 */
	protected abstract InputStream in();

	protected final InputStream socketInput() {
		try {
			return this.socket.getInputStream();
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
	 * Read until the server closes the connection, and return what came.
	 */
	public byte[] readToEnd() {
		try {
			return in().readAllBytes();
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
			return in().read() == -1;
		}
		catch (SocketTimeoutException ex) {
			return false;
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

}
