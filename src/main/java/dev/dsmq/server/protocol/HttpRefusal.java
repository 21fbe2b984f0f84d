package dev.dsmq.server.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The HTTP response that refuses a request on the protocol port: a status, a line of plain text, and the end of the
 * connection.
 */
final class HttpRefusal {

	private HttpRefusal() {
	}

	/**
	 * Return the whole response.
	 * @param status an HTTP status of 400 to 599 that this class names
	 * @param text what to tell the client, server text only: the body is not escaped
	 */
	static byte[] response(int status, String text) {
		byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
		StringBuilder head = new StringBuilder(160).append("HTTP/1.1 ")
			.append(status)
			.append(' ')
			.append(phrase(status))
			.append("\r\n");
		if (status == 426) {
			// RFC 7231 6.5.15 and RFC 6455 4.2.2: say what to upgrade to, and which WebSocket version
			head.append("Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n");
		}
		head.append("Content-Type: text/plain; charset=utf-8\r\n")
			.append("Content-Length: ")
			.append(body.length)
			.append("\r\nConnection: close\r\n\r\n");
		byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
		byte[] response = new byte[headBytes.length + body.length];
		System.arraycopy(headBytes, 0, response, 0, headBytes.length);
		System.arraycopy(body, 0, response, headBytes.length, body.length);
		return response;
	}

	private static String phrase(int status) {
		return switch (status) {
			case 400 -> "Bad Request";
			case 403 -> "Forbidden";
			case 404 -> "Not Found";
			case 408 -> "Request Timeout";
			case 426 -> "Upgrade Required";
			case 429 -> "Too Many Requests";
			case 431 -> "Request Header Fields Too Large";
			case 500 -> "Internal Server Error";
			case 503 -> "Service Unavailable";
			default -> throw new IllegalArgumentException(
					"HTTP status " + status + " is not one the server refuses with");
		};
	}

}
