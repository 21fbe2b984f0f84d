package dev.dsmq.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A message's sequence number as {@code --after} takes one: 0 or more, 0 meaning before the oldest message held.
 */
final class SequenceNumber implements ITypeConverter<Long> {

	@Override
	public Long convert(String value) {
		long sequence;
		try {
			sequence = Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new TypeConversionException("'" + value + "' is not a sequence number");
		}
		if (sequence < 0) {
			throw new TypeConversionException(value + " is not a sequence number: they are 0 or more");
		}
		return sequence;
	}

}
