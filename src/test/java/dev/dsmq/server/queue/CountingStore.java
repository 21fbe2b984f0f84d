package dev.dsmq.server.queue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * An in-memory store that counts every statement executed on it, for tests of what an operation costs.
 */
final class CountingStore implements AutoCloseable {

	private final SingleConnectionDataSource database = new SingleConnectionDataSource("jdbc:sqlite::memory:", true);

	private final AtomicLong statements = new AtomicLong();

	private final JdbcTemplate jdbc;

	CountingStore() {
		StoreSchema.create(this.database);
		this.jdbc = new JdbcTemplate(new DelegatingDataSource(this.database) {

			@Override
			public Connection getConnection() throws SQLException {
				return counting(Connection.class, super.getConnection());
			}

		});
	}

	JdbcTemplate jdbc() {
		return this.jdbc;
	}

	/**
	 * Return how many statements the work executed.
	 */
	long statementsOf(Runnable work) {
		long before = this.statements.get();
		work.run();
		return this.statements.get() - before;
	}

	@Override
	public void close() {
		this.database.destroy();
	}

	@SuppressWarnings("unchecked")
	private <T> T counting(Class<T> type, T target) {
		InvocationHandler handler = (proxy, method, arguments) -> {
			if (method.getName().startsWith("execute")) {
				this.statements.incrementAndGet();
			}
			Object result = invoke(method, target, arguments);
			if (result instanceof PreparedStatement statement) {
				return counting(PreparedStatement.class, statement);
			}
			if (result instanceof Statement statement) {
				return counting(Statement.class, statement);
			}
			return result;
		};
		return (T) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { type }, handler);
	}

	private static Object invoke(Method method, Object target, Object[] arguments) throws Throwable {
		try {
			return method.invoke(target, arguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
