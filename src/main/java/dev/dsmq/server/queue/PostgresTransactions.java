package dev.dsmq.server.queue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The PostgreSQL store's statements on connections of the pool: reads, changes in one transaction, and which kind of
 * change failed last. A failure to reach the database becomes a {@link StoreUnavailableException}, logged once
 * until a statement succeeds again; HikariCP replaces the broken connections by itself.
 */
final class PostgresTransactions {

	/** What a request that needs an unreachable database is refused with: no host, no stack trace. */
	static final String UNAVAILABLE = "the store is unavailable: PostgreSQL cannot be reached; try again";

	private static final Log logger = LogFactory.getLog(PostgresTransactions.class);

	private final JdbcTemplate jdbc;

	/** By kind of change, why the last one failed, or null if it committed. */
	private final AtomicReferenceArray<@Nullable String> failures = new AtomicReferenceArray<>(
			StoreConnection.Change.values().length);

	private volatile boolean unavailable;

	PostgresTransactions(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Run statements that change nothing, each committing on its own.
	 */
	<T> T read(ConnectionCallback<T> work) {
		try {
			T result = this.jdbc.execute(work);
			reached();
			return result;
		}
		catch (DataAccessException ex) {
			throw translate(ex);
		}
	}

	/**
	 * Run statements of a change, each committing on its own, and count a failure as one of that kind of change.
	 */
	<T> T inStatements(StoreConnection.Change change, ConnectionCallback<T> work) {
		try {
			T result = this.jdbc.execute(work);
			reached();
			this.failures.set(change.ordinal(), null);
			return result;
		}
		catch (DataAccessException ex) {
			this.failures.set(change.ordinal(), String.valueOf(ex.getMostSpecificCause().getMessage()));
			throw translate(ex);
		}
	}

	/**
	 * Run a change in one transaction and commit it; roll it back if anything goes wrong. A refusal that is no
	 * failure of the store (too many groups, a forgotten group) rolls back too, but is not counted.
	 */
	<T> T change(StoreConnection.Change change, ConnectionCallback<T> work) {
		T result;
		try {
			result = this.jdbc.execute((Connection connection) -> {
				connection.setAutoCommit(false);
				try {
					T done = work.doInConnection(connection);
					connection.commit();
					return done;
				}
				catch (Throwable ex) {
					rollBack(connection, ex);
					throw ex;
				}
				// HikariCP sets autocommit back as the connection returns to the pool, also on one that broke
			});
		}
		catch (DataAccessException ex) {
			this.failures.set(change.ordinal(), String.valueOf(ex.getMostSpecificCause().getMessage()));
			throw translate(ex);
		}
		reached();
		this.failures.set(change.ordinal(), null);
		return result;
	}

	/**
	 * Return which kind of change failed last time and why, if one did.
	 */
	Optional<String> failure() {
		for (StoreConnection.Change change : StoreConnection.Change.values()) {
			String failure = this.failures.get(change.ordinal());
			if (failure != null) {
				return Optional.of("the store's last " + change.description() + " failed: " + failure);
			}
		}
		return Optional.empty();
	}

	/**
	 * Whether the last statement failed to reach the database.
	 */
	boolean isUnavailable() {
		return this.unavailable;
	}

	private void reached() {
		if (this.unavailable) {
			this.unavailable = false;
			logger.info("PostgreSQL answers again");
		}
	}

	private RuntimeException translate(DataAccessException ex) {
		if (isUnreachable(ex)) {
			if (!this.unavailable) {
				this.unavailable = true;
				logger.error("PostgreSQL cannot be reached; requests that need it are refused until it answers: "
						+ ex.getMostSpecificCause().getMessage());
			}
			return new StoreUnavailableException(UNAVAILABLE, ex);
		}
		return ex;
	}

	/**
	 * Whether the failure is the database's being out of reach rather than a statement's: no connection, a connection
	 * lost or ended by the server (SQL states of classes 08 and 57P), a statement that timed out.
	 */
	static boolean isUnreachable(DataAccessException ex) {
		if (ex instanceof DataAccessResourceFailureException || ex instanceof TransientDataAccessResourceException
				|| ex instanceof RecoverableDataAccessException || ex instanceof QueryTimeoutException) {
			return true;
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
					|| cause instanceof SQLRecoverableException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
				return true;
			}
			// HikariCP's answer to a statement on a connection that broke under it, without a state
			if (cause instanceof SQLException sql && sql.getSQLState() == null
					&& "Connection is closed".equals(sql.getMessage())) {
				return true;
			}
		}
		return false;
	}

	private static void rollBack(Connection connection, Throwable cause) {
		try {
			connection.rollback();
		}
		catch (SQLException | RuntimeException ex) {
			cause.addSuppressed(ex);
		}
	}

}
