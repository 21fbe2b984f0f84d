package dev.dsmq.server;

import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may see the live page and its data. Where {@code dsmq.auth.token} is set, a request for them must carry it as
 * {@code Authorization: Bearer <token>}, as the Actuator endpoints ask, or as the password of HTTP Basic with any user
 * name, which is what a browser sends for a page it navigates to; without it, the answer is 401 with a Basic
 * challenge, so that the browser asks for it. Other paths are left to {@link ActuatorAccessFilter}, which lets by a
 * request this filter authorized.
 * <p>
 * Tokens are compared as {@link SharedToken} compares them; the token is never logged.
 */
final class PageAccessFilter extends OncePerRequestFilter {

	static final String CHALLENGE = "Basic realm=\"dsmq\"";

	private static final String BASIC = "Basic ";

	private final @Nullable SharedToken token;

	/**
	 * Create the filter.
	 * @param token the token a request must carry, or {@code null} to authorize every request
	 */
	PageAccessFilter(@Nullable String token) {
		this.token = (token != null) ? SharedToken.of(token) : null;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !LivePage.isPagePath(ActuatorAccessFilter.pathOf(request));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.token == null || ActuatorAccessFilter.carriesBearer(request, this.token) || carriesBasic(request)) {
			chain.doFilter(ActuatorAccessFilter.authorized(request), response);
		}
		else {
			response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
			response.setContentLength(0);
		}
	}

	private boolean carriesBasic(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
			return false;
		}
		byte[] credentials;
		try {
			credentials = Base64.getDecoder().decode(authorization.substring(BASIC.length()).strip());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		// user-id ":" password, the password the rest, colons and all; browsers send both as UTF-8
		int colon = indexOf(credentials, (byte) ':');
		return colon >= 0 && this.token.matches(Arrays.copyOfRange(credentials, colon + 1, credentials.length));
	}

	private static int indexOf(byte[] bytes, byte wanted) {
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == wanted) {
				return i;
			}
		}
		return -1;
	}

}
