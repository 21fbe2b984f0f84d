package dev.dsmq.server.queue;

/**
 * How a work-queue group reads its oldest available message.
 */
public enum Take {

	/** Claim it for the visibility timeout: {@code get}. */
	CLAIM,

	/** Claim it and delete it in one step, at most once: {@code pop}. */
	POP,

	/** Return it without claiming it or counting a retrieval: {@code peek}. */
	PEEK

}
