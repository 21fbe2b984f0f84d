package dev.dsmq.server;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.dsmq.server.queue.MessageQueue;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

/**
 * The {@code dsmq} part of {@code /actuator/info}: how the protocol port serves connections (the health endpoint tells
 * the address it is bound to), the store, and the limits in effect, those computed from the heap included, each under
 * the name of the property that sets it. An operator reads there what a server runs with, whatever mix of defaults,
 * files, environment and arguments set it. Nothing here changes while the server runs, so it is put together once.
 */
public final class DsmqInfoContributor implements InfoContributor {

	private final Map<String, Object> details;

	/**
	 * Create the contributor.
	 * @param properties the server's configuration
	 * @param queue the queue, for the store it uses
	 * @param virtualThreads whether protocol connections are served on virtual threads, as the JDK decides
	 */
	public DsmqInfoContributor(DsmqProperties properties, MessageQueue queue, boolean virtualThreads) {
		Map<String, Object> listener = new LinkedHashMap<>();
		listener.put("tls", properties.getTls().getBundle() != null);
		listener.put("token-required", properties.getAuth().getToken() != null);
		listener.put("threads", virtualThreads ? "virtual" : "platform");
		Map<String, Object> limits = new LinkedHashMap<>();
		limits.put("time-to-live", duration(properties.getTimeToLive()));
		limits.put("max-connections", properties.getMaxConnections());
		limits.put("max-held-bytes", bytes(properties.effectiveMaxHeldBytes()));
		limits.put("max-in-flight-bytes", bytes(properties.effectiveMaxInFlightBytes()));
		limits.put("max-messages-per-topic", properties.getMaxMessagesPerTopic());
		limits.put("max-body-size", bytes(properties.getMaxBodySize()));
		limits.put("max-read-positions", properties.getMaxReadPositions());
		limits.put("max-wait", duration(properties.getMaxWait()));
		limits.put("frame-timeout", duration(properties.getFrameTimeout()));
		limits.put("write-timeout", duration(properties.getWriteTimeout()));
		limits.put("idle-timeout", duration(properties.getIdleTimeout()));
		DsmqProperties.Groups groups = properties.getGroups();
		limits.put("groups.visibility-timeout", duration(groups.getVisibilityTimeout()));
		limits.put("groups.max-retrievals", groups.getMaxRetrievals());
		limits.put("groups.max-per-topic", groups.getMaxPerTopic());
		limits.put("groups.max-total", groups.getMaxTotal());
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("listener", listener);
		details.put("store", queue.storeName());
		details.put("limits", limits);
		this.details = Collections.unmodifiableMap(details);
	}

	@Override
	public void contribute(Info.Builder builder) {
		builder.withDetail("dsmq", this.details);
	}

	/** A duration as the properties take one, in the largest unit that holds it whole: {@code 600s}, {@code 1500ms}. */
	private static String duration(Duration duration) {
		ChronoUnit unit = (duration.getNano() == 0) ? ChronoUnit.SECONDS
				: (duration.getNano() % 1_000_000 == 0) ? ChronoUnit.MILLIS : ChronoUnit.NANOS;
		return DurationStyle.SIMPLE.print(duration, unit);
	}

	/** Bytes as a number, so that a script compares it without parsing units. */
	private static long bytes(DataSize size) {
		return size.toBytes();
	}

}
