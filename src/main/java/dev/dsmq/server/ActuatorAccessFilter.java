package dev.dsmq.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may see the Actuator endpoints. Where {@code dsmq.auth.token} is set, a request must carry it as
 * {@code Authorization: Bearer <token>}, or it is answered 401 with nothing but a challenge; only the health
 * endpoint answers without it, and then with its status alone. A request with the token, or any request where no
 * token is set, is authorized: it carries a principal, which is what Actuator's {@code when-authorized} asks of a
 * request before it shows the health endpoint's details. A request that the live page's {@link PageAccessFilter}
 * authorized before this filter, where both guard one port, is let by as it is.
 * <p>
 * Tokens are compared as {@link SharedToken} compares them, as on the protocol port; the token is never logged.
 */
final class ActuatorAccessFilter extends OncePerRequestFilter {

	static final String CHALLENGE = "Bearer realm=\"dsmq\"";

	private static final String BEARER = "Bearer ";

	private static final Principal TOKEN_HOLDER = () -> "dsmq";

	private final @Nullable SharedToken token;

	private final List<String> healthPaths;

	/**
	 * Create the filter.
	 * @param token the token a request must carry, or {@code null} to authorize every request
	 * @param healthPaths the paths of the health endpoint within the servlet context, each also the root of its
	 * components and groups
	 */
	ActuatorAccessFilter(@Nullable String token, List<String> healthPaths) {
		this.token = (token != null) ? SharedToken.of(token) : null;
		this.healthPaths = List.copyOf(healthPaths);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.token == null || isAuthorized(request) || carriesBearer(request, this.token)) {
			chain.doFilter(authorized(request), response);
		}
		else if (isHealth(request)) {
			chain.doFilter(request, response);
		}
		else {
			response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
			response.setContentLength(0);
		}
	}

	/**
	 * Return whether the request carries the token as {@code Authorization: Bearer <token>}.
	 */
	static boolean carriesBearer(HttpServletRequest request, SharedToken token) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return false;
		}
		// the servlet container reads header bytes as ISO-8859-1, one char each: this gives back the bytes sent,
		// the UTF-8 of a token that is not ASCII
		return token.matches(authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.ISO_8859_1));
	}

	/**
	 * Return the request as one that may see everything.
	 */
	static HttpServletRequest authorized(HttpServletRequest request) {
		return isAuthorized(request) ? request : new Authorized(request);
	}

	/**
	 * Return whether a filter before this one, the live page's, authorized the request: only ours carries this
	 * principal, since the servlet container authenticates nobody.
	 */
	static boolean isAuthorized(HttpServletRequest request) {
		return request.getUserPrincipal() == TOKEN_HOLDER;
	}

	/**
	 * Return whether the request is for the health endpoint, judged by the path the servlet container decoded and
	 * normalized, as it maps requests: a path that only looks like health's before that is refused, never let by.
	 */
	private boolean isHealth(HttpServletRequest request) {
		String path = pathOf(request);
		for (String health : this.healthPaths) {
			if (path.equals(health) || path.startsWith(health + "/")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the path of the request within the servlet context, as the servlet container decoded and normalized it.
	 */
	static String pathOf(HttpServletRequest request) {
		String pathInfo = request.getPathInfo();
		return request.getServletPath() + ((pathInfo != null) ? pathInfo : "");
	}

	/**
	 * A request that may see everything: Actuator takes a request with a principal for an authorized one.
	 */
	private static final class Authorized extends HttpServletRequestWrapper {

		private Authorized(HttpServletRequest request) {
			super(request);
		}

		@Override
		public Principal getUserPrincipal() {
			return TOKEN_HOLDER;
		}

	}

}
