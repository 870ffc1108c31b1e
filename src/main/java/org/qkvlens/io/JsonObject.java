package org.qkvlens.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.qkvlens.data.BadInputException;

/**
 * A JSON object from {@link Json#parse} with typed getters for config files and manifests: a missing field or a value
 * of the wrong type becomes a {@link BadInputException} that names the file and the field, e.g.
 * {@code config.json: field "hid_dim" must be an integer, found "abc"} or
 * {@code config.json: missing field "model.enc_layers"}.
 *
 * <p>Integers must be written without fraction or exponent ({@code 3}, not {@code 3.0}); any number is a double.
 * The getters with a fallback use it only when the key is absent: an explicit {@code null} is still the wrong type.
 * Only reads: the tree is not changed. Leaves out: writing (use {@link Json#write} on a map), JSON Pointer, schemas.
 */
public final class JsonObject {
    private final JsonNode node;
    private final String sourceName;
    private final String path;

    /**
     * @param node       an object node
     * @param sourceName the file (or file and entry) messages start with
     * @param path       the prefix for field names in messages: {@code ""} at the top, {@code "model."} inside "model"
     */
    private JsonObject(JsonNode node, String sourceName, String path) {
        this.node = node;
        this.sourceName = Objects.requireNonNull(sourceName);
        this.path = path;
    }

    /** Wraps a top-level value from {@link Json#parse}, which must be an object. */
    public static JsonObject of(JsonNode parsed, String sourceName) {
        return new Field(sourceName, "", parsed).asObject();
    }

    public String sourceName() {
        return sourceName;
    }

    public boolean has(String key) {
        return node.has(key);
    }

    /** Present and not {@code null}. */
    public boolean hasValue(String key) {
        return has(key) && !node.get(key).isNull();
    }

    /** The keys in the file's order. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>(node.size());
        node.fieldNames().forEachRemaining(keys::add);
        return List.copyOf(keys);
    }

    /** The raw value, for a caller that accepts several types; a {@link MissingNode} when the key is absent. */
    public JsonNode get(String key) {
        return node.path(key);
    }

    public int getInt(String key) {
        return field(key).asInt();
    }

    public long getLong(String key) {
        return field(key).asLong();
    }

    public double getDouble(String key) {
        return field(key).asDouble();
    }

    public boolean getBoolean(String key) {
        return field(key).asBoolean();
    }

    public boolean getBoolean(String key, boolean fallback) {
        return has(key) ? getBoolean(key) : fallback;
    }

    public String getString(String key) {
        return field(key).asString();
    }

    public String getString(String key, String fallback) {
        return has(key) ? getString(key) : fallback;
    }

    public JsonObject getObject(String key) {
        return field(key).asObject();
    }

    /** An array of strings, unmodifiable. */
    public List<String> getStringList(String key) {
        return field(key).elements().stream().map(Field::asString).toList();
    }

    /** An array of integers, e.g. a shape. */
    public int[] getIntArray(String key) {
        return field(key).elements().stream().mapToInt(Field::asInt).toArray();
    }

    /** An array of objects, e.g. one per layer; messages name them {@code "layers[2].heads"}. */
    public List<JsonObject> getObjectList(String key) {
        return field(key).elements().stream().map(Field::asObject).toList();
    }

    /** The object as plain Java values (maps in file order, lists, Integer/Long/BigInteger, Double, String, Boolean, null). */
    public Map<String, Object> toMap() {
        return Json.toMap(node);
    }

    private Field field(String key) {
        if (!has(key)) {
            throw new BadInputException(sourceName + ": missing field \"" + path + key + "\"");
        }
        return new Field(sourceName, path + key, node.get(key));
    }

    /** One value and the name messages give it: {@code hid_dim}, {@code model.heads}, {@code langs[2]}. */
    private record Field(String sourceName, String name, JsonNode value) {

        long asLong() {
            if (value != null && value.isIntegralNumber() && value.canConvertToLong()) {
                return value.longValue();
            }
            throw wrongType(value != null && value.isIntegralNumber()
                    ? "an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE : "an integer");
        }

        int asInt() {
            if (value != null && value.isIntegralNumber() && value.canConvertToInt()) {
                return value.intValue();
            }
            throw wrongType(value != null && value.isIntegralNumber()
                    ? "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE : "an integer");
        }

        double asDouble() {
            if (value != null && value.isNumber()) {
                return value.doubleValue();
            }
            throw wrongType("a number");
        }

        boolean asBoolean() {
            if (value != null && value.isBoolean()) {
                return value.booleanValue();
            }
            throw wrongType("true or false");
        }

        String asString() {
            if (value != null && value.isTextual()) {
                return value.textValue();
            }
            throw wrongType("a string");
        }

        JsonObject asObject() {
            if (value != null && value.isObject()) {
                return new JsonObject(value, sourceName, name.isEmpty() ? "" : name + ".");
            }
            throw wrongType("an object");
        }

        List<Field> elements() {
            if (value == null || !value.isArray()) {
                throw wrongType("an array");
            }
            List<Field> elements = new ArrayList<>(value.size());
            for (int i = 0; i < value.size(); i++) {
                elements.add(new Field(sourceName, name + "[" + i + "]", value.get(i)));
            }
            return elements;
        }

        private BadInputException wrongType(String expected) {
            String what = name.isEmpty() ? "the top level" : "field \"" + name + "\"";
            return new BadInputException(sourceName + ": " + what + " must be " + expected + ", found " + describe(value));
        }

        /** A short rendering of the offending value: {@code "abc"}, {@code 3.5}, {@code null}, {@code an array}. */
        private static String describe(JsonNode value) {
            if (value == null || value.isNull()) {
                return "null";
            }
            if (value.isObject()) {
                return "an object";
            }
            if (value.isArray()) {
                return "an array";
            }
            String json = Json.write(value);
            return json.length() <= 60 ? json : json.substring(0, 57) + "...";
        }
    }
}
