package dev.dsmq.server;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the dsmq server.
 */
@ConfigurationProperties("dsmq")
public class DsmqProperties {

	/**
	 * Largest body the frame header can describe.
	 */
	public static final DataSize PROTOCOL_MAX_BODY_SIZE = DataSize.ofBytes(8_999_999);

	/**
	 * Address the protocol listener binds to; 0.0.0.0 for every interface.
	 */
	private String host = "127.0.0.1";

	/**
	 * TCP port the protocol listener binds to; 0 for any free port.
	 */
	private int port = 30008;

	/**
	 * How long a message is kept after it was put.
	 */
	private Duration timeToLive = Duration.ofSeconds(600);

	/**
	 * How often expired messages are deleted.
	 */
	private Duration purgeInterval = Duration.ofSeconds(1);

	/**
	 * Which peers may stop the server with the shutdown action: loopback, never or any.
	 */
	private ShutdownPolicy shutdownPolicy = ShutdownPolicy.LOOPBACK;

	/**
	 * Largest request body accepted; a larger frame gets an error frame and its connection is closed.
	 */
	private DataSize maxBodySize = PROTOCOL_MAX_BODY_SIZE;

	/**
	 * Most connections the operating system queues before the server accepts them; Linux cuts it to
	 * net.core.somaxconn.
	 */
	private int backlog = 4096;

	/**
	 * Most protocol connections served at once; a connection over the limit gets an error frame and is closed.
	 */
	private int maxConnections = 10_000;

	/**
	 * Whether to serve each protocol connection on a virtual thread where the JDK has them (21 and newer); on JDK 17,
	 * or when false, each connection has a platform thread.
	 */
	private boolean virtualThreads = true;

	private final Store store = new Store();

	private final Metrics metrics = new Metrics();

	private final Groups groups = new Groups();

	/**
	 * Most messages one topic holds; a put beyond it drops the topic's oldest message.
	 */
	private long maxMessagesPerTopic = 1_000_000;

	/**
	 * Most bytes the topics and their messages may cost together, as dsmq.bytes.held counts them; beyond it the
	 * oldest messages of the topics holding the most bytes are dropped. Unset: a quarter of the JVM's maximum heap.
	 */
	private @Nullable DataSize maxHeldBytes;

	/**
	 * Most bytes of request bodies and of messages being read that all connections hold in memory at once; a body
	 * over it waits for room, for at most dsmq.frame-timeout. Unset: an eighth of the JVM's maximum heap.
	 */
	private @Nullable DataSize maxInFlightBytes;

	/**
	 * Most topics that hold messages one connection keeps a read position in; a read of one more is refused.
	 */
	private int maxReadPositions = 1000;

	/**
	 * Longest topic name accepted, in UTF-8 bytes; a request with a longer one is refused.
	 */
	private DataSize maxTopicLength = DataSize.ofBytes(1024);

	/**
	 * Deepest a request body's JSON may nest, the request object being the first level; a deeper body is refused.
	 */
	private int maxNestingDepth = 1000;

	/**
	 * Most entries the headers of a put may have; a put with more is refused. 0 refuses every put with headers.
	 */
	private int maxHeaders = 64;

	/**
	 * Largest the headers of a put may be, as their JSON object was sent; a put with larger ones is refused.
	 */
	private DataSize maxHeadersSize = DataSize.ofKilobytes(8);

	/**
	 * Longest a frame may take from its first byte to its last; a slower one gets an error frame and its connection
	 * is closed.
	 */
	private Duration frameTimeout = Duration.ofSeconds(10);

	/**
	 * Longest a reply may wait for the peer to read it without any progress; a connection whose peer reads nothing
	 * for this long is closed.
	 */
	private Duration writeTimeout = Duration.ofSeconds(30);

	/**
	 * Longest a connection may stay silent between requests before it is closed; 0 to let it stay open for ever.
	 */
	private Duration idleTimeout = Duration.ZERO;

	/**
	 * Longest the server waits, when stopping, for its connections to answer what they have read and close.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	/**
	 * Longest a read with the wait extension is held while nothing is eligible; longer waits are cut to this.
	 */
	private Duration maxWait = Duration.ofSeconds(60);

	private final WebSocket websocket = new WebSocket();

	private final Tls tls = new Tls();

	private final Auth auth = new Auth();

	private final Page page = new Page();

	public String getHost() {
		return this.host;
	}

	public void setHost(String host) {
		this.host = host;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		if (port < 0 || port > 65535) {
			throw new InvalidConfigurationPropertyValueException("dsmq.port", port, "must be from 0 to 65535");
		}
		this.port = port;
	}

	public Duration getTimeToLive() {
		return this.timeToLive;
	}

	public void setTimeToLive(Duration timeToLive) {
		requirePositive("dsmq.time-to-live", timeToLive);
		this.timeToLive = timeToLive;
	}

	public Duration getPurgeInterval() {
		return this.purgeInterval;
	}

	public void setPurgeInterval(Duration purgeInterval) {
		requirePositive("dsmq.purge-interval", purgeInterval);
		this.purgeInterval = purgeInterval;
	}

	public ShutdownPolicy getShutdownPolicy() {
		return this.shutdownPolicy;
	}

	public void setShutdownPolicy(ShutdownPolicy shutdownPolicy) {
		this.shutdownPolicy = shutdownPolicy;
	}

	public DataSize getMaxBodySize() {
		return this.maxBodySize;
	}

	public void setMaxBodySize(DataSize maxBodySize) {
		if (maxBodySize.toBytes() < 0 || maxBodySize.compareTo(PROTOCOL_MAX_BODY_SIZE) > 0) {
			throw new InvalidConfigurationPropertyValueException("dsmq.max-body-size", maxBodySize,
					"must be from 0 to " + PROTOCOL_MAX_BODY_SIZE.toBytes() + " bytes, the most a header can describe");
		}
		this.maxBodySize = maxBodySize;
	}

	public int getBacklog() {
		return this.backlog;
	}

	public void setBacklog(int backlog) {
		requireAtLeastOne("dsmq.backlog", backlog);
		this.backlog = backlog;
	}

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		requireAtLeastOne("dsmq.max-connections", maxConnections);
		this.maxConnections = maxConnections;
	}

	public boolean isVirtualThreads() {
		return this.virtualThreads;
	}

	public void setVirtualThreads(boolean virtualThreads) {
		this.virtualThreads = virtualThreads;
	}

	public Store getStore() {
		return this.store;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Groups getGroups() {
		return this.groups;
	}

	public long getMaxMessagesPerTopic() {
		return this.maxMessagesPerTopic;
	}

	public void setMaxMessagesPerTopic(long maxMessagesPerTopic) {
		requireAtLeastOne("dsmq.max-messages-per-topic", maxMessagesPerTopic);
		this.maxMessagesPerTopic = maxMessagesPerTopic;
	}

	public @Nullable DataSize getMaxHeldBytes() {
		return this.maxHeldBytes;
	}

	public void setMaxHeldBytes(@Nullable DataSize maxHeldBytes) {
		if (maxHeldBytes != null && maxHeldBytes.toBytes() < 1) {
			throw new InvalidConfigurationPropertyValueException("dsmq.max-held-bytes", maxHeldBytes,
					"must be at least 1B");
		}
		this.maxHeldBytes = maxHeldBytes;
	}

	/**
	 * Return the byte limit in force: the configured one, or a quarter of the JVM's maximum heap.
	 */
	public DataSize effectiveMaxHeldBytes() {
		return (this.maxHeldBytes != null) ? this.maxHeldBytes
				: DataSize.ofBytes(Runtime.getRuntime().maxMemory() / 4);
	}

	public @Nullable DataSize getMaxInFlightBytes() {
		return this.maxInFlightBytes;
	}

	public void setMaxInFlightBytes(@Nullable DataSize maxInFlightBytes) {
		if (maxInFlightBytes != null && maxInFlightBytes.toBytes() < 1) {
			throw new InvalidConfigurationPropertyValueException("dsmq.max-in-flight-bytes", maxInFlightBytes,
					"must be at least 1B");
		}
		this.maxInFlightBytes = maxInFlightBytes;
	}

	/**
	 * Return the limit on bytes in flight: the configured one, or an eighth of the JVM's maximum heap.
	 */
	public DataSize effectiveMaxInFlightBytes() {
		return (this.maxInFlightBytes != null) ? this.maxInFlightBytes
				: DataSize.ofBytes(Runtime.getRuntime().maxMemory() / 8);
	}

	public int getMaxReadPositions() {
		return this.maxReadPositions;
	}

	public void setMaxReadPositions(int maxReadPositions) {
		requireAtLeastOne("dsmq.max-read-positions", maxReadPositions);
		this.maxReadPositions = maxReadPositions;
	}

	public DataSize getMaxTopicLength() {
		return this.maxTopicLength;
	}

	public void setMaxTopicLength(DataSize maxTopicLength) {
		if (maxTopicLength.toBytes() < 1 || maxTopicLength.compareTo(PROTOCOL_MAX_BODY_SIZE) > 0) {
			throw new InvalidConfigurationPropertyValueException("dsmq.max-topic-length", maxTopicLength,
					"must be from 1 to " + PROTOCOL_MAX_BODY_SIZE.toBytes() + " bytes");
		}
		this.maxTopicLength = maxTopicLength;
	}

	public int getMaxNestingDepth() {
		return this.maxNestingDepth;
	}

	public void setMaxNestingDepth(int maxNestingDepth) {
		requireAtLeastOne("dsmq.max-nesting-depth", maxNestingDepth);
		this.maxNestingDepth = maxNestingDepth;
	}

	public int getMaxHeaders() {
		return this.maxHeaders;
	}

	public void setMaxHeaders(int maxHeaders) {
		if (maxHeaders < 0) {
			throw new InvalidConfigurationPropertyValueException("dsmq.max-headers", maxHeaders,
					"must not be negative; 0 refuses every put with headers");
		}
		this.maxHeaders = maxHeaders;
	}

	public DataSize getMaxHeadersSize() {
		return this.maxHeadersSize;
	}

	public void setMaxHeadersSize(DataSize maxHeadersSize) {
		// {} is the smallest JSON object; the headers are part of a body, so no larger than one
		if (maxHeadersSize.toBytes() < 2 || maxHeadersSize.compareTo(PROTOCOL_MAX_BODY_SIZE) > 0) {
			throw new InvalidConfigurationPropertyValueException("dsmq.max-headers-size", maxHeadersSize,
					"must be from 2 to " + PROTOCOL_MAX_BODY_SIZE.toBytes() + " bytes");
		}
		this.maxHeadersSize = maxHeadersSize;
	}

	public Duration getWriteTimeout() {
		return this.writeTimeout;
	}

	public void setWriteTimeout(Duration writeTimeout) {
		requirePositive("dsmq.write-timeout", writeTimeout);
		this.writeTimeout = writeTimeout;
	}

	public Duration getFrameTimeout() {
		return this.frameTimeout;
	}

	public void setFrameTimeout(Duration frameTimeout) {
		requirePositive("dsmq.frame-timeout", frameTimeout);
		this.frameTimeout = frameTimeout;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		requireNotNegative("dsmq.idle-timeout", idleTimeout);
		this.idleTimeout = idleTimeout;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		requireNotNegative("dsmq.shutdown-timeout", shutdownTimeout);
		this.shutdownTimeout = shutdownTimeout;
	}

	public Duration getMaxWait() {
		return this.maxWait;
	}

	public void setMaxWait(Duration maxWait) {
		requireNotNegative("dsmq.max-wait", maxWait);
		this.maxWait = maxWait;
	}

	public WebSocket getWebsocket() {
		return this.websocket;
	}

	public Tls getTls() {
		return this.tls;
	}

	public Auth getAuth() {
		return this.auth;
	}

	public Page getPage() {
		return this.page;
	}

	private static void requirePositive(String name, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationPropertyValueException(name, value, "must be positive");
		}
	}

	private static void requireNotNegative(String name, Duration value) {
		if (value.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(name, value, "must not be negative");
		}
	}

	private static void requireAtLeastOne(String name, long value) {
		if (value < 1) {
			throw new InvalidConfigurationPropertyValueException(name, value, "must be at least 1");
		}
	}

	/**
	 * Where messages are kept.
	 */
	public static class Store {

		/**
		 * File of a SQLite database to keep messages in, so that they survive a restart; unset to keep them in
		 * memory.
		 */
		private @Nullable Path path;

		/**
		 * Most bytes the newest messages may cost on the heap beside the store, so that reads of them run no
		 * statement; 0 keeps none there.
		 */
		private DataSize cacheSize = DataSize.ofMegabytes(8);

		public @Nullable Path getPath() {
			return this.path;
		}

		public void setPath(@Nullable Path path) {
			this.path = path;
		}

		public DataSize getCacheSize() {
			return this.cacheSize;
		}

		public void setCacheSize(DataSize cacheSize) {
			if (cacheSize.isNegative()) {
				throw new InvalidConfigurationPropertyValueException("dsmq.store.cache-size", cacheSize,
						"must not be negative");
			}
			this.cacheSize = cacheSize;
		}

	}

	/**
	 * Work-queue groups: each message of a topic goes to one member of a group until it deletes it.
	 */
	public static class Groups {

		/**
		 * How long a get with a group claims a message unless it asks for another time; a message not deleted by
		 * then is available to the group again.
		 */
		private Duration visibilityTimeout = Duration.ofSeconds(60);

		/**
		 * How often a group may claim a message without deleting it; a get or pop that comes to it once more puts it
		 * to the topic's dead-letter topic instead. 0 to never dead-letter.
		 */
		private int maxRetrievals = 5;

		/**
		 * Most groups one topic has; a request naming one more is refused.
		 */
		private int maxPerTopic = 100;

		/**
		 * Most groups of all topics together; a request naming one more is refused.
		 */
		private int maxTotal = 10_000;

		public Duration getVisibilityTimeout() {
			return this.visibilityTimeout;
		}

		public void setVisibilityTimeout(Duration visibilityTimeout) {
			requirePositive("dsmq.groups.visibility-timeout", visibilityTimeout);
			this.visibilityTimeout = visibilityTimeout;
		}

		public int getMaxRetrievals() {
			return this.maxRetrievals;
		}

		public void setMaxRetrievals(int maxRetrievals) {
			if (maxRetrievals < 0) {
				throw new InvalidConfigurationPropertyValueException("dsmq.groups.max-retrievals", maxRetrievals,
						"must not be negative; 0 turns dead-lettering off");
			}
			this.maxRetrievals = maxRetrievals;
		}

		public int getMaxPerTopic() {
			return this.maxPerTopic;
		}

		public void setMaxPerTopic(int maxPerTopic) {
			requireAtLeastOne("dsmq.groups.max-per-topic", maxPerTopic);
			this.maxPerTopic = maxPerTopic;
		}

		public int getMaxTotal() {
			return this.maxTotal;
		}

		public void setMaxTotal(int maxTotal) {
			requireAtLeastOne("dsmq.groups.max-total", maxTotal);
			this.maxTotal = maxTotal;
		}

	}

	/**
	 * What the server measures.
	 */
	public static class Metrics {

		/** The shortest tag that holds a long name's first character, '~' and its 16-digit hash. */
		private static final int MIN_TAG_LENGTH = 18;

		/**
		 * Most topics that get gauges of their own (dsmq.topic.messages and dsmq.topic.bytes); topics beyond it are
		 * only counted in the totals. 0 to turn the per-topic gauges off.
		 */
		private int maxTopics = 100;

		/**
		 * Most characters in the topic tag of a per-topic gauge; a topic name of this many characters or more is
		 * tagged with its first characters, '~' and 16 hex digits of its SHA-256, this many characters in all.
		 */
		private int maxTagLength = 64;

		/**
		 * Most work-queue groups that get meters of their own (dsmq.group.messages.*); groups beyond it are only
		 * listed by the dsmq endpoint. 0 to turn the per-group meters off.
		 */
		private int maxGroups = 100;

		public int getMaxTopics() {
			return this.maxTopics;
		}

		public void setMaxTopics(int maxTopics) {
			if (maxTopics < 0) {
				throw new InvalidConfigurationPropertyValueException("dsmq.metrics.max-topics", maxTopics,
						"must not be negative");
			}
			this.maxTopics = maxTopics;
		}

		public int getMaxTagLength() {
			return this.maxTagLength;
		}

		public int getMaxGroups() {
			return this.maxGroups;
		}

		public void setMaxGroups(int maxGroups) {
			if (maxGroups < 0) {
				throw new InvalidConfigurationPropertyValueException("dsmq.metrics.max-groups", maxGroups,
						"must not be negative");
			}
			this.maxGroups = maxGroups;
		}

		public void setMaxTagLength(int maxTagLength) {
			if (maxTagLength < MIN_TAG_LENGTH) {
				throw new InvalidConfigurationPropertyValueException("dsmq.metrics.max-tag-length", maxTagLength,
						"must be at least " + MIN_TAG_LENGTH + ", room for one character of the name, '~' and a "
								+ "16-digit hash");
			}
			this.maxTagLength = maxTagLength;
		}

	}

	/**
	 * Limits of the WebSocket connections (dsmq 1.x) on the protocol port.
	 */
	public static class WebSocket {

		/**
		 * The largest max-handshake-size allowed: a connection holds its request head in memory, outside
		 * dsmq.max-in-flight-bytes, until it has read it all, and every open connection may be sending one.
		 */
		private static final DataSize LARGEST_HANDSHAKE_SIZE = DataSize.ofKilobytes(64);

		/**
		 * Largest request head of a WebSocket upgrade accepted, its request line and header fields; a larger one gets
		 * 431 and its connection is closed.
		 */
		private DataSize maxHandshakeSize = DataSize.ofKilobytes(8);

		/**
		 * Most frames one WebSocket message may take, its fragments and the control frames among them; a message in
		 * more gets close frame 1002.
		 */
		private int maxFramesPerMessage = 1024;

		public DataSize getMaxHandshakeSize() {
			return this.maxHandshakeSize;
		}

		public void setMaxHandshakeSize(DataSize maxHandshakeSize) {
			if (maxHandshakeSize.toBytes() < 1 || maxHandshakeSize.compareTo(LARGEST_HANDSHAKE_SIZE) > 0) {
				throw new InvalidConfigurationPropertyValueException("dsmq.websocket.max-handshake-size",
						maxHandshakeSize, "must be from 1B to " + LARGEST_HANDSHAKE_SIZE.toKilobytes() + "KB; each "
								+ "connection holds its request head in memory until it has read it all");
			}
			this.maxHandshakeSize = maxHandshakeSize;
		}

		public int getMaxFramesPerMessage() {
			return this.maxFramesPerMessage;
		}

		public void setMaxFramesPerMessage(int maxFramesPerMessage) {
			requireAtLeastOne("dsmq.websocket.max-frames-per-message", maxFramesPerMessage);
			this.maxFramesPerMessage = maxFramesPerMessage;
		}

	}

	/**
	 * TLS on the protocol port, off unless a bundle is named.
	 */
	public static class Tls {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) whose key and certificate the protocol listener serves; setting
		 * it turns TLS on.
		 */
		private @Nullable String bundle;

		/**
		 * Whether clients must present a certificate that the bundle's trust material accepts: none, want or need.
		 */
		private ClientAuth clientAuth = ClientAuth.NONE;

		/**
		 * Longest a TLS handshake may take; a client that has not finished it by then is closed.
		 */
		private Duration handshakeTimeout = Duration.ofSeconds(10);

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			if (bundle != null && bundle.isBlank()) {
				throw new InvalidConfigurationPropertyValueException("dsmq.tls.bundle", bundle,
						"must name a bundle; leave it unset to serve without TLS");
			}
			this.bundle = bundle;
		}

		public ClientAuth getClientAuth() {
			return this.clientAuth;
		}

		public void setClientAuth(ClientAuth clientAuth) {
			this.clientAuth = clientAuth;
		}

		public Duration getHandshakeTimeout() {
			return this.handshakeTimeout;
		}

		public void setHandshakeTimeout(Duration handshakeTimeout) {
			requirePositive("dsmq.tls.handshake-timeout", handshakeTimeout);
			this.handshakeTimeout = handshakeTimeout;
		}

		/**
		 * Whether the protocol listener asks clients for a certificate.
		 */
		public enum ClientAuth {

			/** Clients are not asked for a certificate. */
			NONE,

			/** Clients are asked for a certificate and may go without one; one they send must be trusted. */
			WANT,

			/** Clients must send a trusted certificate. */
			NEED

		}

	}

	/**
	 * A shared token that every connection must present first, and every HTTP request but the health status as a
	 * bearer token, off unless set.
	 */
	public static class Auth {

		/**
		 * Token a connection must send in an auth request before anything else, and an HTTP request as a bearer
		 * token to see more than the health status; unset lets every connection and request in.
		 */
		private @Nullable String token;

		public @Nullable String getToken() {
			return this.token;
		}

		public void setToken(@Nullable String token) {
			if (token != null && token.isEmpty()) {
				// an empty DSMQ_AUTH_TOKEN is a mistake more often than a wish to turn authentication off
				throw new InvalidConfigurationPropertyValueException("dsmq.auth.token", "",
						"must not be empty; leave it unset to let every connection in");
			}
			this.token = token;
		}

	}

	/**
	 * The live page at / of the HTTP port.
	 */
	public static class Page {

		/**
		 * Whether to serve the live page at / of the HTTP port, and its data at /dsmq/overview.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
