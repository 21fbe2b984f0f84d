package com.example.orders;

import java.util.List;

/**
 * An order, as it travels: a JSON object.
 */
public record Order(String id, String customer, List<String> items) {
}
