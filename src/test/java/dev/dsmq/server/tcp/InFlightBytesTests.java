package dev.dsmq.server.tcp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The room connections share, and what one connection holds of it.
 */
class InFlightBytesTests {

	private final InFlightBytes inFlight = new InFlightBytes(64 * 1024);

	@Test
	void closingAReservationGivesBackWhatItHolds() {
		InFlightBytes.Reservation room = this.inFlight.new Reservation();
		room.tryAcquire(20_000);
		room.force(1_000);
		room.close();
		assertThat(this.inFlight.used()).isZero();
		assertThat(room.held()).isZero();
	}

	@Test
	void roomTakenForAClosedConnectionIsGivenBackAtOnce() throws InterruptedException {
		InFlightBytes.Reservation room = this.inFlight.new Reservation();
		room.close();
		assertThat(room.tryAcquire(20_000)).isTrue();
		assertThat(room.acquire(20_000, System.nanoTime(), () -> false)).isTrue();
		room.force(1_000);
		assertThat(this.inFlight.used()).isZero();
		room.release(20_000);
		room.releaseAll();
		assertThat(this.inFlight.used()).isZero();
	}

}
