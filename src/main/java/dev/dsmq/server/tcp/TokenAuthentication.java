package dev.dsmq.server.tcp;

import dev.dsmq.server.SharedToken;
import dev.dsmq.server.protocol.Action;
import dev.dsmq.server.protocol.InvalidRequestException;
import dev.dsmq.server.protocol.RejectReason;
import dev.dsmq.server.protocol.Request;
import org.jspecify.annotations.Nullable;

/**
 * The check of every connection's first request: where {@code dsmq.auth.token} is set, it must be an {@code auth}
 * request with that token, or the connection is refused before anything it sent is acted on. An {@code auth} request
 * is parsed like every other request and always answered, also by a server that requires no token, so that a client
 * configured with a token works against it. A tinyMQ connection presents the token in its {@code ConnInit}.
 * <p>
 * Tokens are compared as {@link SharedToken} compares them; the token is never logged.
 */
final class TokenAuthentication {

	private final @Nullable SharedToken token;

	/**
	 * Create the check.
	 * @param token the token every connection must present, or {@code null} to let every connection in
	 */
	TokenAuthentication(@Nullable String token) {
		this.token = (token != null) ? SharedToken.of(token) : null;
	}

	/**
	 * Whether a connection must authenticate before its requests are acted on.
	 */
	boolean isRequired() {
		return this.token != null;
	}

	/**
	 * Why a well-formed request is refused, or {@code null} if it lets the connection in or, for an authenticated
	 * connection, if it may go on.
	 * @param authenticated whether the connection has authenticated already
	 */
	@Nullable Refusal check(Request request, boolean authenticated) {
		if (request.action() == Action.AUTH) {
			return (this.token == null || this.token.matches(request.token())) ? null
					: new Refusal(RejectReason.AUTH_FAILED, "wrong token");
		}
		return (authenticated || this.token == null) ? null : required();
	}

	/**
	 * Why a request that could not be parsed is refused before the connection has authenticated.
	 */
	Refusal check(InvalidRequestException invalid) {
		if (invalid.getReason().closesConnection()) {
			return new Refusal(invalid.getReason(), invalid.getMessage());
		}
		return (invalid.getAction() == Action.AUTH) ? new Refusal(RejectReason.AUTH_FAILED, invalid.getMessage())
				: required();
	}

	/**
	 * Why a tinyMQ connection's {@code ConnInit} is refused, or {@code null} if it lets the connection in: where a
	 * token is required, its {@code auth_token} must be that token.
	 * @param token the {@code auth_token} as UTF-8 bytes, null if the {@code ConnInit} had none
	 */
	@Nullable Refusal check(byte @Nullable [] token) {
		if (this.token == null) {
			return null;
		}
		if (token == null) {
			return new Refusal(RejectReason.AUTH_REQUIRED, "authentication required: send the token as ConnInit's "
					+ "auth_token");
		}
		return this.token.matches(token) ? null : new Refusal(RejectReason.AUTH_FAILED, "wrong token");
	}

	private static Refusal required() {
		return new Refusal(RejectReason.AUTH_REQUIRED,
				"authentication required: send {\"action\": \"auth\", \"token\": ...} first");
	}

	/**
	 * Why a connection is refused: answered with an error frame and closed.
	 */
	record Refusal(RejectReason reason, String detail) {
	}

}
