package dev.dsmq.server.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The store's one SQLite connection: its transactions, which kind of change failed last, and the statements it keeps
 * prepared. Not thread-safe: used with the queue's lock held.
 */
final class StoreConnection {

	private static final Log logger = LogFactory.getLog(StoreConnection.class);

	private final JdbcTemplate jdbc;

	private final Map<String, PreparedStatement> statements = new HashMap<>();

	/** By kind of change, why the last one failed, or null if it committed. */
	private final AtomicReferenceArray<@Nullable String> failures = new AtomicReferenceArray<>(Change.values().length);

	/** Whether the database is a file, which outlives the process, rather than memory, which does not. */
	private final boolean durable;

	StoreConnection(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		String file = jdbc.queryForObject("SELECT file FROM pragma_database_list WHERE name = 'main'", String.class);
		this.durable = file != null && !file.isEmpty();
	}

	/**
	 * Whether the database outlives the process: a file, not memory. What only a later process on the same
	 * database would read back need not be written to memory.
	 */
	boolean isDurable() {
		return this.durable;
	}

	/**
	 * Run work that changes nothing on the connection.
	 */
	<T> T read(ConnectionCallback<T> work) {
		T result = this.jdbc.execute(work);
		return result;
	}

	/**
	 * Return which kind of change failed last time and why, if one did; each kind counts apart, so that an expiry
	 * (which frees space) does not hide that puts fail.
	 */
	Optional<String> failure() {
		for (Change change : Change.values()) {
			String failure = this.failures.get(change.ordinal());
			if (failure != null) {
				return Optional.of("the store's last " + change.description + " failed: " + failure);
			}
		}
		return Optional.empty();
	}

	/**
	 * Run work in one transaction and commit it; roll it back if anything at all goes wrong, an error too, so that a
	 * half-done change never stays.
	 */
	<T> T inTransaction(Change change, ConnectionCallback<T> work) {
		T result = this.jdbc.execute((Connection connection) -> {
			connection.setAutoCommit(false);
			T done;
			try {
				done = work.doInConnection(connection);
				connection.commit();
			}
			catch (Throwable ex) {
				this.failures.set(change.ordinal(), String.valueOf(ex.getMessage()));
				rollBack(connection, ex);
				throw ex;
			}
			this.failures.set(change.ordinal(), null);
			try {
				connection.setAutoCommit(true);
			}
			catch (SQLException | RuntimeException ex) {
				// committed all the same: reported as a failure, the change would be made twice
				logger.warn("Could not return to autocommit after a commit; the next transaction goes on", ex);
			}
			return done;
		});
		return result;
	}

	/**
	 * Run a change of one statement, which SQLite commits by itself, without the cost of a transaction around it:
	 * the statement is all or nothing on its own. A failure counts as a failed transaction's does.
	 */
	<T> T inOneStatement(Change change, ConnectionCallback<T> work) {
		T result = this.jdbc.execute((Connection connection) -> {
			T done;
			try {
				done = work.doInConnection(connection);
			}
			catch (Throwable ex) {
				this.failures.set(change.ordinal(), String.valueOf(ex.getMessage()));
				closeStatements(ex);
				throw ex;
			}
			this.failures.set(change.ordinal(), null);
			return done;
		});
		return result;
	}

	/**
	 * The kinds of change the store makes.
	 */
	enum Change {

		PUT("put"), EXPIRY("expiry"), DROP("drop for a limit"), REPAIR("repair at start"),
		GROUP("change of a work-queue group");

		private final String description;

		Change(String description) {
			this.description = description;
		}

		String description() {
			return this.description;
		}

	}

	/**
	 * Roll back and return to autocommit. SQLite has already rolled back after some errors (a full disk, an I/O
	 * error), and the driver then fails to roll back and to commit as it leaves the transaction: those failures are
	 * kept with the cause. A failed statement can be left unusable, so the kept statements are prepared anew.
	 */
	private void rollBack(Connection connection, Throwable cause) {
		try {
			connection.rollback();
		}
		catch (SQLException | RuntimeException ex) {
			cause.addSuppressed(ex);
		}
		try {
			connection.setAutoCommit(true);
		}
		catch (SQLException | RuntimeException ex) {
			cause.addSuppressed(ex);
		}
		closeStatements(cause);
	}

	/**
	 * Close the kept statements, to be prepared anew: a failed statement can be left unusable.
	 */
	private void closeStatements(Throwable cause) {
		for (PreparedStatement statement : this.statements.values()) {
			try {
				statement.close();
			}
			catch (SQLException | RuntimeException ex) {
				cause.addSuppressed(ex);
			}
		}
		this.statements.clear();
	}

	/**
	 * Return a statement of the hot path, prepared once and kept: preparing is most of the cost of a one-row
	 * statement in SQLite. The one connection never closes, so neither do its statements.
	 */
	PreparedStatement statement(Connection connection, String sql) throws SQLException {
		PreparedStatement statement = this.statements.get(sql);
		if (statement == null || statement.isClosed()) {
			statement = connection.prepareStatement(sql);
			this.statements.put(sql, statement);
		}
		return statement;
	}

}
