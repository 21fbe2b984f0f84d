package dev.dsmq.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.dsmq.server.DsmqEndpoint.TopicSummary;
import dev.dsmq.server.queue.MessageQueue;
import dev.dsmq.server.queue.QueueStats;
import dev.dsmq.server.queue.TopicRates;
import dev.dsmq.server.tcp.OpenConnections;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The live page at {@code /} of the HTTP port, and the data it shows, at {@value #OVERVIEW_PATH}: the totals, the
 * connections counted by generation, and the first {@value #MAX_TOPICS} topics with their work-queue groups. Every
 * figure is a counter or comes from one page of the store, so the data costs the same with ten topics or a million.
 * The page is three small files from the class path, which fetch nothing from elsewhere; the Content-Security-Policy
 * holds them to that.
 */
@RestController
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "dsmq.page.enabled", matchIfMissing = true)
final class LivePage {

	/** The most topics the page shows: the first ones, oldest first, which the store can list without a scan. */
	static final int MAX_TOPICS = 100;

	static final String OVERVIEW_PATH = "/dsmq/overview";

	/** The page's own files and data and nothing else: no inline script or style, no other origin. */
	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	private static final String ASSETS = "/dsmq/page.";

	private static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript;charset=UTF-8");

	private static final MediaType CSS = MediaType.parseMediaType("text/css;charset=UTF-8");

	private static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");

	private static final MediaType SVG = MediaType.parseMediaType("image/svg+xml");

	private final MessageQueue queue;

	private final OpenConnections connections;

	private final Clock clock;

	private final byte[] html = read("index.html");

	private final byte[] script = read("page.js");

	private final byte[] style = read("page.css");

	private final byte[] icon = read("icon.svg");

	LivePage(MessageQueue queue, OpenConnections connections, Clock clock) {
		this.queue = queue;
		this.connections = connections;
		this.clock = clock;
	}

	/**
	 * Return whether a path within the servlet context is the page's, its files' or its data's.
	 */
	static boolean isPagePath(String path) {
		return path.isEmpty() || path.equals("/") || path.startsWith("/dsmq/");
	}

	@GetMapping("/")
	ResponseEntity<byte[]> page() {
		return file(this.html, HTML);
	}

	@GetMapping(ASSETS + "js")
	ResponseEntity<byte[]> script() {
		return file(this.script, JAVASCRIPT);
	}

	@GetMapping(ASSETS + "css")
	ResponseEntity<byte[]> style() {
		return file(this.style, CSS);
	}

	/**
	 * Return the page's icon, which the page names so that a browser does not ask for {@code /favicon.ico}: where a
	 * token is set, that path would refuse the Basic credentials, and a browser that sees them refused forgets them
	 * and asks again on the next refresh.
	 */
	@GetMapping("/dsmq/icon.svg")
	ResponseEntity<byte[]> icon() {
		return file(this.icon, SVG);
	}

	@GetMapping(path = OVERVIEW_PATH, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Overview> overview() {
		long now = this.clock.millis();
		List<TopicSummary> topics = this.queue.topics(0, MAX_TOPICS)
			.stream()
			.map((depth) -> TopicSummary.of(depth, now))
			.toList();
		Map<String, Integer> byGeneration = this.connections.countsByGeneration();
		int open = byGeneration.values().stream().mapToInt(Integer::intValue).sum();
		QueueStats stats = this.queue.stats();
		Overview overview = new Overview(stats.topics(), stats.messages(), this.queue.heldBytes(),
				this.queue.groupCount(), open, byGeneration, TopicRates.WINDOW.toSeconds(), MAX_TOPICS, topics);
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(overview);
	}

	private static ResponseEntity<byte[]> file(byte[] content, MediaType type) {
		return ResponseEntity.ok()
			.contentType(type)
			.cacheControl(CacheControl.noCache())
			.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
			.header("X-Content-Type-Options", "nosniff")
			.header("Referrer-Policy", "no-referrer")
			.body(content);
	}

	private static byte[] read(String name) {
		try {
			return new ClassPathResource("dev/dsmq/server/page/" + name).getContentAsByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("the live page's " + name + " is missing from the class path", ex);
		}
	}

	/**
	 * The live page's data.
	 * @param topicsHeld the topics that hold messages, all of them
	 * @param messagesHeld the messages held in all topics
	 * @param bytesHeld the bytes held in all topics, as counted for {@code dsmq.max-held-bytes}
	 * @param groupsHeld the work-queue groups of all topics
	 * @param connectionsOpen the connections being served
	 * @param connectionsByGeneration the connections being served by generation: {@code headerless}, {@code framed},
	 * {@code websocket}, {@code tinymq} and {@code unknown}, each present
	 * @param rateWindowSeconds the span the rates are taken over
	 * @param topicLimit the most topics listed, {@value #MAX_TOPICS}
	 * @param topics the first topics that hold messages, oldest first, at most {@code topicLimit}
	 */
	record Overview(long topicsHeld, long messagesHeld, long bytesHeld, int groupsHeld, int connectionsOpen,
			Map<String, Integer> connectionsByGeneration, long rateWindowSeconds, int topicLimit, List<TopicSummary> topics) {
	}

}
