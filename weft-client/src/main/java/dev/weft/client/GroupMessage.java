package dev.weft.client;

import com.fasterxml.jackson.databind.JsonNode;

/** A broadcast received in a group: who sent it, its term and payload. */
public record GroupMessage(String group, String from, String term, JsonNode payload) {
}
