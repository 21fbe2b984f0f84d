package dev.dsmq.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Many connections to one server at once, from one thread: every connection is opened in one burst, sends one
 * request as soon as it is connected and waits for its answer, all on one {@link Selector}, so that the client side
 * needs no thread per connection. The connections stay open until {@link #close()}, so that the server can be
 * measured with all of them open.
 */
final class Crowd implements AutoCloseable {

	/** The reply of dsmq and the floor to a get of an empty topic. */
	private static final byte[] EMPTY_READ = "{\"message\": \"\"}".getBytes(StandardCharsets.US_ASCII);

	private static final int DSMQ_HEADER = 23;

	/** File descriptors the benchmark needs beside its connections: its jars, the JVM's own, the server's pipe. */
	private static final int SPARE_DESCRIPTORS = 100;

	private final Selector selector;

	private final List<SocketChannel> channels = new ArrayList<>();

	private Outcome outcome;

	private long startedAt;

	private long lastAnswerAt;

	private int answered;

	private int refused;

	private int closed;

	private Crowd() throws IOException {
		this.selector = Selector.open();
	}

	/** How the connections fared. */
	record Outcome(int answered, int refused, int closed, int silent, double secondsToLastAnswer) {

		int notAnswered() {
			return this.refused + this.closed + this.silent;
		}

	}

	/**
	 * Open the connections to the server in one burst, each sending its request as soon as it is connected: a get of
	 * an empty topic in dsmq's 0.7 framing, or for Redis an {@code XREAD COUNT 1} of a stream that does not exist, the
	 * same read as the other workloads make. Wait until every one is answered, or the patience after the last connect
	 * is up.
	 */
	static Crowd open(Server server, int connections, Duration patience) throws IOException {
		checkDescriptors(connections);
		boolean redis = server.name().equals("redis");
		byte[] request = redis ? "*6\r\n$5\r\nXREAD\r\n$5\r\nCOUNT\r\n$1\r\n1\r\n$7\r\nSTREAMS\r\n$5\r\ncrowd\r\n$3\r\n0-0\r\n"
			.getBytes(StandardCharsets.US_ASCII) : DsmqClient.frame(Requests.get("crowd"));
		Crowd crowd = new Crowd();
		try {
			crowd.outcome = crowd.run(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()),
					connections, request, redis, patience.toNanos());
			return crowd;
		}
		catch (IOException | RuntimeException ex) {
			crowd.close();
			throw ex;
		}
	}

	/**
	 * Refuse to start with fewer file descriptors than the connections need, saying what to raise: a client short of
	 * them would fail its own connects and count them against the server.
	 */
	static void checkDescriptors(int connections) throws IOException {
		long limit = Long.MAX_VALUE;
		for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
			if (line.startsWith("Max open files")) {
				String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
				limit = soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
			}
		}
		if (limit < (long) connections + SPARE_DESCRIPTORS) {
			throw new IllegalStateException("the connections scenario opens " + connections
					+ " connections, but this process may open only " + limit + " files; raise the limit ("
					+ "ulimit -n " + (connections + SPARE_DESCRIPTORS) + ", or the hard limit in limits.conf) or"
					+ " ask for fewer with --connections");
		}
	}

	private Outcome run(InetSocketAddress address, int connections, byte[] request, boolean redis,
			long patienceNanos) throws IOException {
		this.startedAt = System.nanoTime();
		for (int i = 0; i < connections; i++) {
			SocketChannel channel = SocketChannel.open();
			this.channels.add(channel);
			channel.configureBlocking(false);
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			Peer peer = new Peer(request, redis);
			if (channel.connect(address)) {
				peer.connected(channel.register(this.selector, 0, peer));
			}
			else {
				channel.register(this.selector, SelectionKey.OP_CONNECT, peer);
			}
			if (i % 64 == 63) {
				// take what has come in while connecting, as a burst of real clients would
				this.selector.selectNow();
				handleSelected();
			}
		}
		long deadline = System.nanoTime() + patienceNanos;
		while (this.answered + this.refused + this.closed < connections && System.nanoTime() < deadline) {
			this.selector.select(100);
			handleSelected();
		}
		int silent = connections - this.answered - this.refused - this.closed;
		return new Outcome(this.answered, this.refused, this.closed, silent,
				(this.lastAnswerAt - this.startedAt) / 1e9);
	}

	private void handleSelected() {
		Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
		while (keys.hasNext()) {
			SelectionKey key = keys.next();
			keys.remove();
			((Peer) key.attachment()).ready(key);
		}
	}

	private void count(Verdict verdict) {
		switch (verdict) {
			case ANSWERED -> {
				this.answered++;
				this.lastAnswerAt = System.nanoTime();
			}
			case REFUSED -> this.refused++;
			case CLOSED -> this.closed++;
			default -> throw new IllegalArgumentException("no count for " + verdict);
		}
	}

	/** Close every connection, each with a FIN as a client that is done would. */
	@Override
	public void close() throws IOException {
		for (SocketChannel channel : this.channels) {
			channel.close();
		}
		this.selector.close();
	}

	Outcome outcome() {
		return this.outcome;
	}

	/**
	 * One connection: its request, and the reply as far as it has arrived. Once counted, the connection is left
	 * open and read no more.
	 */
	private final class Peer {

		private final ByteBuffer request;

		private final boolean redis;

		private final ByteBuffer reply = ByteBuffer.allocate(64);

		private boolean done;

		Peer(byte[] request, boolean redis) {
			this.request = ByteBuffer.wrap(request);
			this.redis = redis;
		}

		void ready(SelectionKey key) {
			SocketChannel channel = (SocketChannel) key.channel();
			try {
				if (key.isConnectable()) {
					channel.finishConnect();
					connected(key);
					return;
				}
				if (key.isWritable()) {
					write(key);
				}
				if (key.isReadable()) {
					read(key);
				}
			}
			catch (IOException ex) {
				finish(key, Verdict.CLOSED);
			}
		}

		void connected(SelectionKey key) throws IOException {
			key.interestOps(SelectionKey.OP_READ);
			write(key);
		}

		private void write(SelectionKey key) throws IOException {
			((SocketChannel) key.channel()).write(this.request);
			key.interestOps(this.request.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE
					: SelectionKey.OP_READ);
		}

		private void read(SelectionKey key) throws IOException {
			int read = ((SocketChannel) key.channel()).read(this.reply);
			if (read < 0) {
				finish(key, Verdict.CLOSED);
				return;
			}
			Verdict verdict = this.redis ? redisVerdict() : dsmqVerdict();
			if (verdict != Verdict.INCOMPLETE) {
				finish(key, verdict);
			}
		}

		/** Answered by the reply to a get of an empty topic; any other, an error frame, is a refusal. */
		private Verdict dsmqVerdict() {
			if (this.reply.position() < DSMQ_HEADER) {
				return Verdict.INCOMPLETE;
			}
			int length = 0;
			for (int i = 15; i < 22; i++) {
				length = length * 10 + (this.reply.get(i) - '0');
			}
			length -= 1_000_000;
			if (length != EMPTY_READ.length) {
				return Verdict.REFUSED;
			}
			if (this.reply.position() < DSMQ_HEADER + length) {
				return Verdict.INCOMPLETE;
			}
			for (int i = 0; i < length; i++) {
				if (this.reply.get(DSMQ_HEADER + i) != EMPTY_READ[i]) {
					return Verdict.REFUSED;
				}
			}
			return Verdict.ANSWERED;
		}

		/** Answered by a reply, refused by an error ({@code -ERR max number of clients reached}). */
		private Verdict redisVerdict() {
			for (int i = 1; i < this.reply.position(); i++) {
				if (this.reply.get(i - 1) == '\r' && this.reply.get(i) == '\n') {
					return (this.reply.get(0) == '-') ? Verdict.REFUSED : Verdict.ANSWERED;
				}
			}
			return this.reply.hasRemaining() ? Verdict.INCOMPLETE : Verdict.REFUSED;
		}

		private void finish(SelectionKey key, Verdict verdict) {
			if (!this.done) {
				this.done = true;
				count(verdict);
			}
			if (key.isValid()) {
				key.interestOps(0);
			}
		}

	}

	private enum Verdict {

		ANSWERED, REFUSED, CLOSED, INCOMPLETE

	}

}
