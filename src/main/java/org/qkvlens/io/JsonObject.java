package org.qkvlens.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.qkvlens.data.BadInputException;

/**
 * A parsed JSON object with typed getters for config files and manifests: a missing field or a value of the
 * wrong type becomes a {@link BadInputException} that names the file and the field, e.g.
 * {@code config.json: field "hid_dim" must be an integer, found "abc"} or
 * {@code config.json: missing field "model.enc_layers"}.
 *
 * <p>Integers must be written without fraction or exponent ({@code 3}, not {@code 3.0}); any number is a
 * double. The getters with a fallback use it only when the key is absent: an explicit {@code null} is still
 * the wrong type. Leaves out: writing (use {@link Json#write} on a map), JSON Pointer, schema validation.
 *
 * @param map        the members, as {@link Json#parse} returns them
 * @param sourceName the file (or file and entry) messages start with
 * @param path       the prefix for field names in messages: {@code ""} at the top, {@code "model."} inside "model"
 */
public record JsonObject(Map<String, Object> map, String sourceName, String path) {

    public JsonObject {
        map = Collections.unmodifiableMap(map);
        Objects.requireNonNull(sourceName);
        Objects.requireNonNull(path);
    }

    /** Wraps a top-level value from {@link Json#parse}, which must be an object. */
    public static JsonObject of(Object parsed, String sourceName) {
        return new Field(sourceName, "", parsed).asObject();
    }

    public boolean has(String key) {
        return map.containsKey(key);
    }

    public Set<String> keys() {
        return map.keySet();
    }

    public int getInt(String key) {
        return field(key).asInt();
    }

    public int getInt(String key, int fallback) {
        return has(key) ? getInt(key) : fallback;
    }

    public long getLong(String key) {
        return field(key).asLong();
    }

    public double getDouble(String key) {
        return field(key).asDouble();
    }

    public double getDouble(String key, double fallback) {
        return has(key) ? getDouble(key) : fallback;
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

    public double[] getDoubleArray(String key) {
        return field(key).elements().stream().mapToDouble(Field::asDouble).toArray();
    }

    /** An array of objects, e.g. one per layer; messages name them {@code "layers[2].heads"}. */
    public List<JsonObject> getObjectList(String key) {
        return field(key).elements().stream().map(Field::asObject).toList();
    }

    private Field field(String key) {
        if (!map.containsKey(key)) {
            throw new BadInputException(sourceName + ": missing field \"" + path + key + "\"");
        }
        return new Field(sourceName, path + key, map.get(key));
    }

    /** One value and the name messages give it: {@code hid_dim}, {@code model.heads}, {@code langs[2]}. */
    private record Field(String sourceName, String name, Object value) {

        long asLong() {
            if (value instanceof Long l) {
                return l;
            }
            throw wrongType("an integer");
        }

        int asInt() {
            if (value instanceof Long l && l == l.intValue()) {
                return l.intValue();
            }
            throw wrongType(value instanceof Long ? "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE
                    : "an integer");
        }

        double asDouble() {
            if (value instanceof Long || value instanceof Double) {
                return ((Number) value).doubleValue();
            }
            throw wrongType("a number");
        }

        boolean asBoolean() {
            if (value instanceof Boolean b) {
                return b;
            }
            throw wrongType("true or false");
        }

        String asString() {
            if (value instanceof String s) {
                return s;
            }
            throw wrongType("a string");
        }

        @SuppressWarnings("unchecked") // Json.parse makes only String keys
        JsonObject asObject() {
            if (value instanceof Map<?, ?> m) {
                return new JsonObject((Map<String, Object>) m, sourceName, name.isEmpty() ? "" : name + ".");
            }
            throw wrongType("an object");
        }

        List<Field> elements() {
            if (!(value instanceof List<?> list)) {
                throw wrongType("an array");
            }
            List<Field> elements = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                elements.add(new Field(sourceName, name + "[" + i + "]", list.get(i)));
            }
            return elements;
        }

        private BadInputException wrongType(String expected) {
            String what = name.isEmpty() ? "the top level" : "field \"" + name + "\"";
            return new BadInputException(sourceName + ": " + what + " must be " + expected + ", found " + describe(value));
        }

        /** A short rendering of the offending value: {@code "abc"}, {@code 3.5}, {@code null}, {@code an array}. */
        private static String describe(Object value) {
            if (value instanceof Map) {
                return "an object";
            }
            if (value instanceof List) {
                return "an array";
            }
            String json = Json.write(value);
            return json.length() <= 60 ? json : json.substring(0, 57) + "...";
        }
    }
}
