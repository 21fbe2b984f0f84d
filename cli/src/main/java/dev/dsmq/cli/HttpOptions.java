package dev.dsmq.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.UnknownHostException;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the server's HTTP side is, for the commands that read its Actuator endpoints.
 */
final class HttpOptions {

	private static final int TIMEOUT_MILLIS = 10_000;

	@Mixin
	CommonOptions common;

	@Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8080",
			description = "HTTP port of the server, on --host (default ${DEFAULT-VALUE}).")
	int httpPort;

	@Option(names = "--http-url", paramLabel = "URL", defaultValue = "${env:DSMQ_HTTP_URL}",
			description = "Base URL of the server's HTTP side instead of --host and --http-port, such as "
					+ "https://dsmq.example:8443 (DSMQ_HTTP_URL).")
	String httpUrl;

	/**
	 * Return the base URL, without a trailing slash.
	 */
	String baseUrl() {
		if (this.httpUrl != null && !this.httpUrl.isBlank()) {
			String url = this.httpUrl.trim();
			return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
		}
		if (this.httpPort < 1 || this.httpPort > 65535) {
			throw new CliException(CommandLine.ExitCode.USAGE, "port " + this.httpPort + " is outside 1 to 65535");
		}
		String host = this.common.host();
		return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + this.httpPort;
	}

	/**
	 * GET a path of the HTTP side with the token, if any, as a bearer token.
	 * @throws CliException if the server cannot be reached or refuses the token
	 */
	HttpAnswer get(String path) {
		String target = baseUrl() + path;
		URL url = url(target);
		try {
			HttpURLConnection connection = (HttpURLConnection) url.openConnection();
			if (connection instanceof HttpsURLConnection https && (this.common.caFile != null
					|| this.common.certFile != null)) {
				https.setSSLSocketFactory(this.common.sslContext().getSocketFactory());
			}
			connection.setConnectTimeout(TIMEOUT_MILLIS);
			connection.setReadTimeout(TIMEOUT_MILLIS);
			connection.setRequestProperty("Accept", "application/json");
			String token = this.common.token();
			if (token != null) {
				connection.setRequestProperty("Authorization", "Bearer " + token);
			}
			int status = connection.getResponseCode();
			InputStream body = (status >= 400) ? connection.getErrorStream() : connection.getInputStream();
			byte[] bytes = (body != null) ? body.readAllBytes() : new byte[0];
			connection.disconnect();
			if (status == HttpURLConnection.HTTP_UNAUTHORIZED) {
				throw new CliException(Dsmq.NO_PERMISSION, (token != null) ? target + " refused the token (HTTP 401)"
						: target + " requires a token (HTTP 401): set DSMQ_AUTH_TOKEN or give --token");
			}
			return new HttpAnswer(target, status, bytes);
		}
		catch (ConnectException | UnknownHostException | SocketTimeoutException | SSLException ex) {
			String reason = (ex instanceof UnknownHostException) ? "unknown host"
					: (ex instanceof SSLException) ? "the TLS handshake failed: " + Failure.rootMessage(ex)
							: Failure.rootMessage(ex);
			throw new CliException(Dsmq.UNAVAILABLE, "cannot connect to " + authority(url) + ": " + reason);
		}
		catch (IOException ex) {
			throw new CliException(Dsmq.UNAVAILABLE, "GET " + target + " failed: " + Failure.rootMessage(ex));
		}
	}

	private static URL url(String target) {
		try {
			URI uri = new URI(target);
			if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
				throw new CliException(CommandLine.ExitCode.USAGE, "'" + target + "' is not an http:// or https:// URL");
			}
			return uri.toURL();
		}
		catch (URISyntaxException | MalformedURLException | IllegalArgumentException ex) {
			throw new CliException(CommandLine.ExitCode.USAGE, "'" + target + "' is not a URL: " + ex.getMessage());
		}
	}

	private static String authority(URL url) {
		int port = (url.getPort() >= 0) ? url.getPort() : url.getDefaultPort();
		return url.getHost() + ":" + port;
	}

}
