package dev.dsmq.server.tcp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import dev.dsmq.server.protocol.AuthRequest;
import dev.dsmq.server.protocol.RejectReason;
import dev.dsmq.server.protocol.Reply;
import org.jspecify.annotations.Nullable;

/**
 * Checks the first request of every connection: where {@code dsmq.auth.token} is set, it must be an {@code auth}
 * request with that token, or the connection is answered with an error frame and closed before anything it sent is
 * acted on. An {@code auth} request is always answered, {@code {"ok": true}} (with its id, if it has one), also by a
 * server that requires no token, so that a client configured with a token works against it.
 * <p>
 * Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}, which takes the same time wherever the
 * digests differ; the token is never logged.
 */
final class TokenAuthentication {

	private final byte @Nullable [] tokenDigest;

	private final SessionFactory.Rejections rejections;

	/**
	 * Create the check.
	 * @param token the token every connection must present, or {@code null} to let every connection in
	 * @param rejections where refused connections are logged and counted
	 */
	TokenAuthentication(@Nullable String token, SessionFactory.Rejections rejections) {
		this.tokenDigest = (token != null) ? digest(token.getBytes(StandardCharsets.UTF_8)) : null;
		this.rejections = rejections;
	}

	/**
	 * Hand the frames on to the handler once the connection is authenticated; answer an {@code auth} request that
	 * comes first, and refuse a connection that does not authenticate.
	 */
	@Nullable Reply handle(List<?> frames, ConnectionSession session, Handler next) {
		if (session.isAuthenticated()) {
			return next.handle(frames, session);
		}
		Object first = frames.get(0);
		AuthRequest auth = (first instanceof byte[] body) ? AuthRequest.parse(body) : null;
		if (auth == null) {
			if (this.tokenDigest == null) {
				session.authenticate();
				return next.handle(frames, session);
			}
			if (first instanceof byte[]) {
				return refuse(session, RejectReason.AUTH_REQUIRED,
						"authentication required: send {\"action\": \"auth\", \"token\": ...} first");
			}
			// a frame that breaks framing comes alone, is refused for what it is, and closes the connection
			return next.handle(frames, session);
		}
		if (this.tokenDigest != null && !matches(auth.token())) {
			return refuse(session, RejectReason.AUTH_FAILED,
					(auth.token() != null) ? "wrong token" : "\"token\" is missing or not a string");
		}
		session.authenticate();
		Reply ok = Reply.acknowledged(auth.id());
		if (frames.size() == 1) {
			return ok;
		}
		// the requests behind it may send replies of their own before they return
		return session.write(ok) ? next.handle(frames.subList(1, frames.size()), session) : null;
	}

	private boolean matches(byte @Nullable [] token) {
		return token != null && MessageDigest.isEqual(digest(token), this.tokenDigest);
	}

	private Reply refuse(ConnectionSession session, RejectReason reason, String detail) {
		this.rejections.reject(session, reason, detail);
		return Reply.fatal(detail);
	}

	private static byte[] digest(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
	}

	/**
	 * What acts on the frames of an authenticated connection.
	 */
	@FunctionalInterface
	interface Handler {

		@Nullable Reply handle(List<?> frames, ConnectionSession session);

	}

}
