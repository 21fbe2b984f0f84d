package dev.dsmq.client.autoconfigure.example;

/**
 * The example's message, put and read as JSON.
 */
public record Greeting(String from, String text) {
}
