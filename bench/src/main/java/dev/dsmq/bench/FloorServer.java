package dev.dsmq.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jdk.net.ExtendedSocketOptions;

/**
 * The floor: a server that answers what the benchmark asks of dsmq 0.7 framing from memory, with nothing but the
 * JDK, so that each of dsmq's figures has beside it what this machine and JVM allow for the same work.
 * <p>
 * It keeps the semantics the benchmark checks: a connection reads every message of a topic put after it connected,
 * first in, first out; {@code get_latest}; groups, whose {@code get} claims the oldest message not yet taken and whose
 * {@code pop} takes it, with {@code delete} ending a claim. It keeps nothing else: no storage, no expiry, no limits,
 * claims that never run out, no extensions but {@code group} and {@code seq}, no check that a body is valid UTF-8, and
 * bad framing closes the connection. Replies have the bytes dsmq's have. Messages are held outside the heap as their
 * JSON values, in append-only blocks per topic that readers read without a lock.
 * <p>
 * Each connection has a blocking socket and a thread of its own. A read serves every whole frame it brought, and
 * their replies leave in one write before the next read, so pipelined requests cost one read and one write.
 * <p>
 * It depends on nothing outside this class, so that the benchmark can start it in a JVM of its own from its class
 * files alone: {@code java -cp DIR dev.dsmq.bench.FloorServer PORT}.
 */
public final class FloorServer {

	private static final int HEADER = 23;

	private static final byte[] HEADER_PREFIX = ascii("{\"msg_length\": ");

	private static final byte[] MESSAGE = ascii("{\"message\": ");

	private static final byte[] EMPTY = ascii("{\"message\": \"\"}");

	private static final byte[] REFUSED = ascii("{\"message\": \"\", \"error\": \"not a request the floor knows\"}");

	private static final byte[] SEQ = ascii(", \"seq\": ");

	private static final byte[] SENT = ascii(", \"sent\": ");

	private static final byte[] FIRST_RETRIEVED = ascii(", \"first_retrieved\": ");

	private static final byte[] FIRST_RETRIEVAL = ascii(", \"retrieval_count\": 1}");

	private static final byte[] ACTION = ascii("action");

	private static final byte[] TOPIC = ascii("topic");

	private static final byte[] MESSAGE_FIELD = ascii("message");

	private static final byte[] GROUP = ascii("group");

	private static final byte[] SEQ_FIELD = ascii("seq");

	private static final byte[] PUT = ascii("put");

	private static final byte[] GET = ascii("get");

	private static final byte[] GET_LATEST = ascii("get_latest");

	private static final byte[] POP = ascii("pop");

	private static final byte[] DELETE = ascii("delete");

	/** The sequence number of the newest message of any topic: a connection reads those put after it connected. */
	private final AtomicLong sequence = new AtomicLong();

	private final Map<String, Topic> topics = new ConcurrentHashMap<>();

	private FloorServer() {
	}

	/**
	 * Serve on a loopback port until the process ends.
	 */
	public static void main(String[] args) throws IOException {
		if (args.length != 1) {
			throw new IllegalArgumentException("usage: FloorServer PORT");
		}
		ServerSocket listener = new ServerSocket();
		listener.setReuseAddress(true);
		listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 1024);
		new FloorServer().accept(listener);
	}

	private void accept(ServerSocket listener) throws IOException {
		while (true) {
			Socket socket = listener.accept();
			Session session = new Session(this.sequence.get());
			Thread thread = new Thread(() -> serve(socket, session), "floor-" + socket.getPort());
			thread.setDaemon(true);
			thread.start();
		}
	}

	/**
	 * Read frames until the peer goes; every whole frame a read brought is answered before the next read, its replies
	 * gathered into one write.
	 */
	private void serve(Socket socket, Session session) {
		try (socket) {
			socket.setTcpNoDelay(true);
			QuickAck quickAck = new QuickAck(socket);
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			byte[] buffer = new byte[64 * 1024];
			int start = 0;
			int end = 0;
			Output replies = new Output();
			while (true) {
				int length = 0;
				while (end - start >= HEADER) {
					length = bodyLength(buffer, start);
					if (length < 0) {
						return;
					}
					if (end - start < HEADER + length) {
						break;
					}
					session.handle(buffer, start + HEADER, start + HEADER + length, replies);
					start += HEADER + length;
				}
				if (replies.size > 0) {
					out.write(replies.bytes, 0, replies.size);
					replies.size = 0;
				}
				if (start > 0) {
					System.arraycopy(buffer, start, buffer, 0, end - start);
					end -= start;
					start = 0;
				}
				if (end > 0) {
					if (end >= HEADER && HEADER + length > buffer.length) {
						buffer = Arrays.copyOf(buffer, HEADER + length);
					}
					quickAck.now();
				}
				int read = in.read(buffer, end, buffer.length - end);
				if (read < 0) {
					return;
				}
				end += read;
			}
		}
		catch (IOException | RuntimeException ex) {
			// the connection ends; the others go on
		}
	}

	/** The body length a frame's header announces, or -1 if it is no header. */
	private static int bodyLength(byte[] buffer, int start) {
		for (int i = 0; i < HEADER_PREFIX.length; i++) {
			if (buffer[start + i] != HEADER_PREFIX[i]) {
				return -1;
			}
		}
		int n = 0;
		for (int i = start + 15; i < start + 22; i++) {
			int digit = buffer[i] - '0';
			if (digit < 0 || digit > 9) {
				return -1;
			}
			n = n * 10 + digit;
		}
		return (buffer[start + 22] == '}' && n >= 1_000_000) ? n - 1_000_000 : -1;
	}

	private Topic topic(String name) {
		return this.topics.computeIfAbsent(name, (n) -> new Topic());
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * One connection: where it reads each topic from, and its requests, executed in order.
	 */
	private final class Session {

		/** The newest sequence number when it connected; it reads only newer messages. */
		private final long connectedAfter;

		private final Map<String, Reader> readers = new HashMap<>();

		/** The raw topic of the last request, and its reader: a connection mostly speaks of one topic. */
		private byte[] lastTopic = new byte[0];

		private Reader lastReader;

		private final Request request = new Request();

		Session(long connectedAfter) {
			this.connectedAfter = connectedAfter;
		}

		void handle(byte[] body, int from, int to, Output out) {
			Request r = this.request;
			if (!r.parse(body, from, to)) {
				return;
			}
			boolean put = r.is(body, PUT);
			boolean get = !put && r.is(body, GET);
			boolean latest = !put && !get && r.is(body, GET_LATEST);
			boolean pop = !put && !get && !latest && r.is(body, POP);
			boolean delete = !put && !get && !latest && !pop && r.is(body, DELETE);
			boolean grouped = pop || delete || (get && r.groupFrom >= 0);
			if (r.topicFrom < 0 || (grouped && r.groupFrom < 0)) {
				if (get || latest || pop) {
					out.frame(REFUSED);
				}
				return;
			}
			Reader reader = reader(body, r);
			if (put) {
				if (r.messageFrom >= 0) {
					reader.topic.put(body, r.messageFrom, r.messageTo, FloorServer.this.sequence);
				}
			}
			else if (grouped) {
				Group group = reader.group(body, r);
				if (delete) {
					group.delete(r.seq);
				}
				else {
					group.take(get, out);
				}
			}
			else if (get) {
				reader.get(out);
			}
			else if (latest) {
				reader.latest(out);
			}
		}

		private Reader reader(byte[] body, Request r) {
			if (!Arrays.equals(body, r.topicFrom, r.topicTo, this.lastTopic, 0, this.lastTopic.length)) {
				this.lastTopic = Arrays.copyOfRange(body, r.topicFrom, r.topicTo);
				this.lastReader = this.readers.computeIfAbsent(Json.string(this.lastTopic),
						(name) -> new Reader(topic(name), this.connectedAfter));
			}
			return this.lastReader;
		}

	}

	/**
	 * A connection's read position on one topic, and the group it last named there.
	 */
	private static final class Reader {

		private final Topic topic;

		private final long connectedAfter;

		/** The index of the next message to read; -1 until the first read finds it. */
		private int next = -1;

		private byte[] lastGroup = new byte[0];

		private Group group;

		Reader(Topic topic, long connectedAfter) {
			this.topic = topic;
			this.connectedAfter = connectedAfter;
		}

		void get(Output out) {
			int next = position();
			int size = this.topic.size;
			if (next < size) {
				this.next = next + 1;
				out.message(this.topic, next);
			}
			else {
				out.frame(EMPTY);
			}
		}

		void latest(Output out) {
			int next = position();
			int size = this.topic.size;
			if (next < size) {
				this.next = size;
				out.message(this.topic, size - 1);
			}
			else {
				out.frame(EMPTY);
			}
		}

		private int position() {
			if (this.next < 0) {
				this.next = this.topic.firstAfter(this.connectedAfter);
			}
			return this.next;
		}

		Group group(byte[] body, Request r) {
			if (!Arrays.equals(body, r.groupFrom, r.groupTo, this.lastGroup, 0, this.lastGroup.length)) {
				this.lastGroup = Arrays.copyOfRange(body, r.groupFrom, r.groupTo);
				this.group = this.topic.groups.computeIfAbsent(Json.string(this.lastGroup), (g) -> new Group(this.topic));
			}
			return this.group;
		}

	}

	/**
	 * A topic's messages, oldest first, outside the heap, as SQLite holds dsmq's: each message's JSON value, after its
	 * length, sequence number and when it was put, in blocks of memory, and where each lies in chunks of an index.
	 * Neither moves once written. One writer at a time appends under the topic's lock and then publishes the new size;
	 * readers read the size and then what it covers, without a lock.
	 */
	private static final class Topic {

		private static final int SHIFT = 10;

		private static final int CHUNK = 1 << SHIFT;

		/** A message's length, sequence number and when it was put, before its JSON value. */
		private static final int RECORD = 4 + 8 + 8;

		/** Blocks start small, for topics that hold a few messages, and double up to this. */
		private static final int LARGEST_BLOCK = 1 << 20;

		/** Where each message lies: its block's number in the upper half of a long, its offset in the lower. */
		private volatile ByteBuffer[] chunks = new ByteBuffer[16];

		private volatile ByteBuffer[] blocks = new ByteBuffer[16];

		private volatile int size;

		/** The block being filled, its number and how much of it is used; the writer's alone. */
		private ByteBuffer block = ByteBuffer.allocate(0);

		private int blockNumber = -1;

		private int blockUsed;

		final Map<String, Group> groups = new ConcurrentHashMap<>();

		synchronized void put(byte[] source, int from, int to, AtomicLong sequence) {
			int length = to - from;
			if (this.block.capacity() - this.blockUsed < RECORD + length) {
				newBlock(RECORD + length);
			}
			int offset = this.blockUsed;
			this.block.putInt(offset, length)
				.putLong(offset + 4, sequence.incrementAndGet())
				.putLong(offset + 12, System.currentTimeMillis())
				.put(offset + RECORD, source, from, length);
			this.blockUsed += RECORD + length;
			int index = this.size;
			ByteBuffer[] chunks = this.chunks;
			int c = index >>> SHIFT;
			if (c == chunks.length) {
				chunks = Arrays.copyOf(chunks, c * 2);
			}
			if (chunks[c] == null) {
				chunks[c] = allocate(CHUNK * 8);
			}
			chunks[c].putLong((index & (CHUNK - 1)) * 8, ((long) this.blockNumber << 32) | offset);
			this.chunks = chunks;
			this.size = index + 1;
		}

		private void newBlock(int length) {
			int size = Math.max(length, Math.min(LARGEST_BLOCK, Math.max(4096, this.block.capacity() * 2)));
			this.block = allocate(size);
			this.blockUsed = 0;
			this.blockNumber++;
			ByteBuffer[] blocks = this.blocks;
			if (this.blockNumber == blocks.length) {
				blocks = Arrays.copyOf(blocks, blocks.length * 2);
			}
			blocks[this.blockNumber] = this.block;
			this.blocks = blocks;
		}

		private static ByteBuffer allocate(int size) {
			return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
		}

		/** The index of the oldest message newer than the given sequence number, or the size if there is none. */
		int firstAfter(long sequence) {
			int low = 0;
			int high = this.size;
			while (low < high) {
				int middle = (low + high) >>> 1;
				if (sequence(middle) <= sequence) {
					low = middle + 1;
				}
				else {
					high = middle;
				}
			}
			return low;
		}

		/** Append the JSON value of a message below the size read last. */
		void copy(int index, Output out) {
			long at = where(index);
			ByteBuffer block = this.blocks[(int) (at >>> 32)];
			int offset = (int) at;
			int length = block.getInt(offset);
			out.room(length);
			block.get(offset + RECORD, out.bytes, out.size, length);
			out.size += length;
		}

		long sequence(int index) {
			long at = where(index);
			return this.blocks[(int) (at >>> 32)].getLong((int) at + 4);
		}

		long sent(int index) {
			long at = where(index);
			return this.blocks[(int) (at >>> 32)].getLong((int) at + 12);
		}

		private long where(int index) {
			return this.chunks[index >>> SHIFT].getLong((index & (CHUNK - 1)) * 8);
		}

	}

	/**
	 * A group of a topic: it takes every message the topic holds from its first use on, each once. A claim lasts until
	 * it is deleted.
	 */
	private static final class Group {

		private final Topic topic;

		/** The oldest message no member has taken. */
		private int next;

		private final Set<Long> claimed = new HashSet<>();

		Group(Topic topic) {
			this.topic = topic;
		}

		void take(boolean claim, Output out) {
			int index;
			long sequence;
			synchronized (this) {
				if (this.next >= this.topic.size) {
					index = -1;
					sequence = 0;
				}
				else {
					index = this.next++;
					sequence = this.topic.sequence(index);
					if (claim) {
						this.claimed.add(sequence);
					}
				}
			}
			if (index < 0) {
				out.frame(EMPTY);
				return;
			}
			out.groupMessage(this.topic, index, sequence, System.currentTimeMillis());
		}

		synchronized void delete(long sequence) {
			this.claimed.remove(sequence);
		}

	}

	/**
	 * The fields of one request body that the floor knows, as where their values lie in the body.
	 */
	private static final class Request {

		int actionFrom;

		int actionTo;

		int topicFrom;

		int topicTo;

		int messageFrom;

		int messageTo;

		int groupFrom;

		int groupTo;

		long seq;

		private byte[] body;

		private int at;

		private int end;

		/** Find the fields of a JSON object; false if the body is not one. String fields are bounded inside quotes. */
		boolean parse(byte[] body, int from, int to) {
			this.body = body;
			this.at = from;
			this.end = to;
			this.actionFrom = -1;
			this.topicFrom = -1;
			this.messageFrom = -1;
			this.groupFrom = -1;
			this.seq = 0;
			try {
				space();
				expect('{');
				space();
				if (body[this.at] == '}') {
					return true;
				}
				while (true) {
					space();
					int keyFrom = this.at + 1;
					string();
					int keyTo = this.at - 1;
					space();
					expect(':');
					space();
					int valueFrom = this.at;
					boolean isString = body[valueFrom] == '"';
					value();
					int valueTo = this.at;
					if (field(keyFrom, keyTo, MESSAGE_FIELD)) {
						this.messageFrom = valueFrom;
						this.messageTo = valueTo;
					}
					else if (isString && field(keyFrom, keyTo, ACTION)) {
						this.actionFrom = valueFrom + 1;
						this.actionTo = valueTo - 1;
					}
					else if (isString && field(keyFrom, keyTo, TOPIC)) {
						this.topicFrom = valueFrom + 1;
						this.topicTo = valueTo - 1;
					}
					else if (isString && field(keyFrom, keyTo, GROUP) && valueTo - valueFrom > 2) {
						this.groupFrom = valueFrom + 1;
						this.groupTo = valueTo - 1;
					}
					else if (field(keyFrom, keyTo, SEQ_FIELD)) {
						this.seq = number(valueFrom, valueTo);
					}
					space();
					if (body[this.at] == '}') {
						return true;
					}
					expect(',');
				}
			}
			catch (IllegalArgumentException | ArrayIndexOutOfBoundsException ex) {
				return false;
			}
		}

		boolean is(byte[] body, byte[] action) {
			return this.actionFrom >= 0 && Arrays.equals(body, this.actionFrom, this.actionTo, action, 0, action.length);
		}

		private boolean field(int from, int to, byte[] name) {
			return Arrays.equals(this.body, from, to, name, 0, name.length);
		}

		private void space() {
			while (this.at < this.end) {
				byte b = this.body[this.at];
				if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
					return;
				}
				this.at++;
			}
			throw new IllegalArgumentException("ends early");
		}

		private void expect(char c) {
			if (this.body[this.at] != c) {
				throw new IllegalArgumentException("expected " + c);
			}
			this.at++;
		}

		private void string() {
			expect('"');
			while (true) {
				byte b = this.body[this.at++];
				if (b == '"') {
					break;
				}
				if (b == '\\') {
					this.at++;
				}
			}
			if (this.at > this.end) {
				throw new IllegalArgumentException("string ends late");
			}
		}

		/** Skip one JSON value, nested ones and all. */
		private void value() {
			byte b = this.body[this.at];
			if (b == '"') {
				string();
				return;
			}
			if (b == '{' || b == '[') {
				int depth = 0;
				do {
					b = this.body[this.at];
					if (b == '"') {
						string();
						continue;
					}
					if (b == '{' || b == '[') {
						depth++;
					}
					else if (b == '}' || b == ']') {
						depth--;
					}
					this.at++;
				}
				while (depth > 0 && this.at < this.end);
				if (depth > 0) {
					throw new IllegalArgumentException("value ends early");
				}
				return;
			}
			int from = this.at;
			while (this.at < this.end) {
				b = this.body[this.at];
				if (b == ',' || b == '}' || b == ']' || b == ' ' || b == '\n' || b == '\r' || b == '\t') {
					break;
				}
				this.at++;
			}
			if (this.at == from) {
				throw new IllegalArgumentException("no value");
			}
		}

		private long number(int from, int to) {
			long n = 0;
			for (int i = from; i < to; i++) {
				int digit = this.body[i] - '0';
				if (digit < 0 || digit > 9) {
					return 0;
				}
				n = n * 10 + digit;
			}
			return n;
		}

	}

	/** What a JSON string's content, between its quotes, says. */
	private static final class Json {

		static String string(byte[] raw) {
			int escape = 0;
			while (escape < raw.length && raw[escape] != '\\') {
				escape++;
			}
			if (escape == raw.length) {
				return new String(raw, StandardCharsets.UTF_8);
			}
			StringBuilder text = new StringBuilder(new String(raw, 0, escape, StandardCharsets.UTF_8));
			int i = escape;
			while (i < raw.length) {
				int from = i;
				while (i < raw.length && raw[i] != '\\') {
					i++;
				}
				text.append(new String(raw, from, i - from, StandardCharsets.UTF_8));
				if (i + 1 >= raw.length) {
					break;
				}
				char c = (char) raw[i + 1];
				i += 2;
				switch (c) {
					case 'b' -> text.append('\b');
					case 'f' -> text.append('\f');
					case 'n' -> text.append('\n');
					case 'r' -> text.append('\r');
					case 't' -> text.append('\t');
					case 'u' -> {
						text.append((char) Integer.parseInt(new String(raw, i, 4, StandardCharsets.US_ASCII), 16));
						i += 4;
					}
					default -> text.append(c);
				}
			}
			return text.toString();
		}

	}

	/**
	 * The reply frames of one batch of requests, written together.
	 */
	private static final class Output {

		byte[] bytes = new byte[8 * 1024];

		int size;

		void frame(byte[] body) {
			int start = begin();
			put(body, 0, body.length);
			end(start);
		}

		/** {@code {"message": M}}. */
		void message(Topic topic, int index) {
			int start = begin();
			put(MESSAGE, 0, MESSAGE.length);
			topic.copy(index, this);
			room(1);
			this.bytes[this.size++] = '}';
			end(start);
		}

		/** {@code {"message": M, "seq": N, "sent": S, "first_retrieved": F, "retrieval_count": 1}}. */
		void groupMessage(Topic topic, int index, long sequence, long retrievedMillis) {
			int start = begin();
			put(MESSAGE, 0, MESSAGE.length);
			topic.copy(index, this);
			put(SEQ, 0, SEQ.length);
			number(sequence);
			put(SENT, 0, SENT.length);
			seconds(topic.sent(index));
			put(FIRST_RETRIEVED, 0, FIRST_RETRIEVED.length);
			seconds(retrievedMillis);
			put(FIRST_RETRIEVAL, 0, FIRST_RETRIEVAL.length);
			end(start);
		}

		private int begin() {
			room(HEADER);
			int start = this.size;
			this.size += HEADER;
			return start;
		}

		private void end(int start) {
			int length = 1_000_000 + this.size - start - HEADER;
			System.arraycopy(HEADER_PREFIX, 0, this.bytes, start, HEADER_PREFIX.length);
			for (int i = start + 21; i >= start + 15; i--) {
				this.bytes[i] = (byte) ('0' + length % 10);
				length /= 10;
			}
			this.bytes[start + 22] = '}';
		}

		/** Milliseconds since the epoch as seconds with three decimals, as dsmq writes them. */
		private void seconds(long millis) {
			number(millis / 1000);
			room(4);
			long fraction = millis % 1000;
			this.bytes[this.size++] = '.';
			this.bytes[this.size++] = (byte) ('0' + fraction / 100);
			this.bytes[this.size++] = (byte) ('0' + fraction / 10 % 10);
			this.bytes[this.size++] = (byte) ('0' + fraction % 10);
		}

		private void number(long n) {
			room(20);
			int from = this.size;
			do {
				this.bytes[this.size++] = (byte) ('0' + n % 10);
				n /= 10;
			}
			while (n > 0);
			for (int i = from, j = this.size - 1; i < j; i++, j--) {
				byte b = this.bytes[i];
				this.bytes[i] = this.bytes[j];
				this.bytes[j] = b;
			}
		}

		private void put(byte[] source, int from, int length) {
			room(length);
			System.arraycopy(source, from, this.bytes, this.size, length);
			this.size += length;
		}

		void room(int length) {
			if (this.size + length > this.bytes.length) {
				this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.size + length));
			}
		}

	}

	/**
	 * Acknowledges what has arrived at once while a frame is incomplete, so that a client that writes a frame in two
	 * parts with Nagle's algorithm on does not wait for Linux's delayed ACK; where there is no such option, nothing.
	 */
	private static final class QuickAck {

		private final Socket socket;

		private boolean supported;

		QuickAck(Socket socket) {
			this.socket = socket;
			this.supported = socket.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
		}

		void now() {
			if (this.supported) {
				try {
					this.socket.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
				}
				catch (IOException | UnsupportedOperationException ex) {
					this.supported = false;
				}
			}
		}

	}

}
