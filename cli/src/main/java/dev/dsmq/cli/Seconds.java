package dev.dsmq.cli;

import java.math.BigDecimal;
import java.time.Duration;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A duration given as seconds, as the protocol counts them: {@code 30}, {@code 0.5}.
 */
final class Seconds implements ITypeConverter<Duration> {

	@Override
	public Duration convert(String value) {
		BigDecimal seconds;
		try {
			seconds = new BigDecimal(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new TypeConversionException("'" + value + "' is not a number of seconds");
		}
		if (seconds.signum() < 0) {
			throw new TypeConversionException(value + " seconds must not be negative");
		}
		if (seconds.compareTo(BigDecimal.valueOf(31_536_000_000L)) > 0) {
			throw new TypeConversionException(value + " seconds is more than a thousand years");
		}
		return Duration.ofNanos(seconds.movePointRight(9).longValue());
	}

}
