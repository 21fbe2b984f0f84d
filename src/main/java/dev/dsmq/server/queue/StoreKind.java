package dev.dsmq.server.queue;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Which store the server keeps its messages in: PostgreSQL where {@code spring.datasource.url} names a PostgreSQL
 * database, else the embedded SQLite store, as before that URL meant anything to the server.
 */
final class StoreKind {

	/** The key that names the shared database, Spring Boot's own. */
	static final String URL = "spring.datasource.url";

	private StoreKind() {
	}

	static boolean isPostgres(ConditionContext context) {
		String url = context.getEnvironment().getProperty(URL);
		return url != null && url.startsWith("jdbc:postgresql:");
	}

	/**
	 * Matches where the server keeps its messages in PostgreSQL.
	 */
	static final class Postgres implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return isPostgres(context);
		}

	}

	/**
	 * Matches where the server keeps its messages in the embedded SQLite store.
	 */
	static final class Sqlite implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !isPostgres(context);
		}

	}

}
