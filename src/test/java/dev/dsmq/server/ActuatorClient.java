package dev.dsmq.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests to the Actuator endpoints of a server under test, over HTTP.
 */
final class ActuatorClient {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final int port;

	private final @Nullable String authorization;

	ActuatorClient(int port) {
		this(port, null);
	}

	private ActuatorClient(int port, @Nullable String authorization) {
		this.port = port;
		this.authorization = authorization;
	}

	/**
	 * Return a client that sends {@code Authorization: Bearer <token>} with every request.
	 */
	ActuatorClient withToken(String token) {
		return withAuthorization("Bearer " + token);
	}

	/**
	 * Return a client that sends this {@code Authorization} header with every request.
	 */
	ActuatorClient withAuthorization(String authorization) {
		return new ActuatorClient(this.port, authorization);
	}

	HttpResponse<String> get(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (this.authorization != null) {
			builder.header("Authorization", this.authorization);
		}
		HttpRequest request = builder.build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return the body of a response that must be 200.
	 */
	String body(String path) {
		HttpResponse<String> response = get(path);
		assertThat(response.statusCode()).as("status of %s", path).isEqualTo(200);
		return response.body();
	}

	JsonNode json(String path) {
		return json.readTree(body(path));
	}

	/**
	 * Return the Prometheus scrape.
	 */
	Scrape scrape() {
		return new Scrape(body("/actuator/prometheus"));
	}

	/**
	 * A Prometheus scrape, read one series at a time.
	 */
	record Scrape(String text) {

		/**
		 * Return whether the series, such as {@code dsmq_reads_total{action="get",result="hit"}}, is present.
		 */
		boolean has(String series) {
			return matcher(series).find();
		}

		/**
		 * Return the value of a series, or 0 if it is absent.
		 */
		double value(String series) {
			Matcher matcher = matcher(series);
			return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
		}

		private Matcher matcher(String series) {
			return Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(this.text);
		}

	}

}
