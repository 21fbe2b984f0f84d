package dev.dsmq.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --help} of each command; the version is the top command's alone.
 */
final class HelpOption {

	@Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help and exit.")
	boolean help;

}
