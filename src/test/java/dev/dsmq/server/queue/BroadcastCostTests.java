package dev.dsmq.server.queue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What work-queue groups cost broadcast: a put to a topic without groups and a broadcast read run the statements they
 * ran before any group existed, however many groups other topics have, and the same on a topic with groups.
 */
class BroadcastCostTests {

	private static final Duration TTL = Duration.ofSeconds(600);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final SingleConnectionDataSource database = new SingleConnectionDataSource("jdbc:sqlite::memory:", true);

	private final AtomicLong statements = new AtomicLong();

	private QueueService queue;

	@BeforeEach
	void createStore() {
		StoreSchema.create(this.database);
		this.queue = new QueueService(new JdbcTemplate(new CountingDataSource(this.database)), this.clock, TTL);
	}

	@AfterEach
	void destroyStore() {
		this.database.destroy();
	}

	@Test
	void putAndBroadcastReadRunNoStatementOfGroups() {
		this.queue.put("plain", body("warm"));
		ReadPositions reader = new ReadPositions(0, 10);
		this.queue.next("plain", reader);
		long put = statementsOf(() -> this.queue.put("plain", body("1")));
		long read = statementsOf(() -> this.queue.next("plain", reader));
		for (int i = 0; i < 10; i++) {
			this.queue.put("jobs-" + i, body("job"));
			this.queue.take(Take.CLAIM, "jobs-" + i, "workers", null);
		}
		this.queue.take(Take.PEEK, "plain", "lookers", null);
		assertThat(statementsOf(() -> this.queue.put("plain", body("2")))).isEqualTo(put);
		assertThat(statementsOf(() -> this.queue.next("plain", reader))).isEqualTo(read);
		assertThat(put).isPositive();
		assertThat(read).isPositive();
	}

	private long statementsOf(Runnable work) {
		long before = this.statements.get();
		work.run();
		return this.statements.get() - before;
	}

	private static byte[] body(String message) {
		return ("\"" + message + "\"").getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Counts every statement the store executes.
	 */
	private final class CountingDataSource extends DelegatingDataSource {

		CountingDataSource(DataSource target) {
			super(target);
		}

		@Override
		public Connection getConnection() throws java.sql.SQLException {
			return counting(Connection.class, super.getConnection());
		}

		@SuppressWarnings("unchecked")
		private <T> T counting(Class<T> type, T target) {
			InvocationHandler handler = (proxy, method, arguments) -> {
				if (method.getName().startsWith("execute")) {
					BroadcastCostTests.this.statements.incrementAndGet();
				}
				Object result = invoke(method, target, arguments);
				if (result instanceof PreparedStatement statement) {
					return counting(PreparedStatement.class, statement);
				}
				if (result instanceof Statement statement && !(result instanceof PreparedStatement)) {
					return counting(Statement.class, statement);
				}
				return result;
			};
			return (T) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { type }, handler);
		}

		private Object invoke(Method method, Object target, Object[] arguments) throws Throwable {
			try {
				return method.invoke(target, arguments);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		}

	}

}
