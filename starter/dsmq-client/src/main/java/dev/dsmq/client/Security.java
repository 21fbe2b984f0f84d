package dev.dsmq.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a new connection does before its first request: the TLS handshake, if the client has an {@link SSLContext},
 * then the {@code auth} request, if it has a token. Both are done on every connect and reconnect, within the connect
 * timeout.
 * @param sslContext the TLS context, or {@code null} for a plain connection
 * @param verifyHostname whether the server's certificate must name the host the client connects to
 * @param token the token to present, or {@code null} to present none
 */
record Security(SSLContext sslContext, boolean verifyHostname, String token) {

	/** The id of the {@code auth} request; the client numbers its own requests from 1. */
	private static final long AUTH_ID = 0;

	/**
	 * Secure and authenticate a connected socket.
	 * @return the socket to talk over: the TLS socket layered on it, or the socket itself
	 * @throws IOException if the handshake fails or the reply does not come in time
	 * @throws DsmqConnectionException if the server refuses the token
	 */
	Socket establish(Socket socket, String host, int port, Duration timeout, JsonMapper json) throws IOException {
		int millis = Math.toIntExact(timeout.toMillis());
		socket.setSoTimeout(millis);
		Socket secured = (this.sslContext != null) ? handshake(socket, host, port) : socket;
		if (this.token != null) {
			authenticate(secured.getInputStream(), secured.getOutputStream(), host + ":" + port, json);
		}
		secured.setSoTimeout(0);
		return secured;
	}

	private SSLSocket handshake(Socket socket, String host, int port) throws IOException {
		SSLSocket tls = (SSLSocket) this.sslContext.getSocketFactory().createSocket(socket, host, port, true);
		if (this.verifyHostname) {
			SSLParameters parameters = tls.getSSLParameters();
			// the same check as HTTPS: the certificate must name the host, by DNS name or IP address
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			tls.setSSLParameters(parameters);
		}
		tls.startHandshake();
		return tls;
	}

	private void authenticate(InputStream in, OutputStream out, String address, JsonMapper json) throws IOException {
		byte[] request = json.writeValueAsBytes(
				json.createObjectNode().put("action", "auth").put("token", this.token).put("id", AUTH_ID));
		out.write(Frames.encode(request));
		out.flush();
		byte[] body = Frames.read(in);
		if (body == null) {
			throw new IOException("the server closed the connection instead of answering the auth request");
		}
		JsonNode reply;
		try {
			reply = json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new IOException("the reply to the auth request is not JSON", ex);
		}
		if (reply.has("error")) {
			throw new DsmqConnectionException(
					"could not connect to " + address + ": the server refused the token: " + Messages.text(reply.get("error")));
		}
		if (!reply.path("ok").asBoolean(false)) {
			throw new IOException("unexpected reply to the auth request: " + json.writeValueAsString(reply));
		}
	}

	/**
	 * Hide the token, so that it cannot reach a log through this record.
	 */
	@Override
	public String toString() {
		return "Security[tls=" + (this.sslContext != null) + ", verifyHostname=" + this.verifyHostname + ", token="
				+ ((this.token != null) ? "(hidden)" : "none") + "]";
	}

}
