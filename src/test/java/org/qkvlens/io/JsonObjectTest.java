package org.qkvlens.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.qkvlens.data.BadInputException;

/** JsonObject: typed getters for config files, and messages that say which file and field is wrong and how. */
class JsonObjectTest {
    private static final String CONFIG = """
            {
              "hid_dim": 256, "lr": 0.0005, "steps": 10000000000, "epochs": 3,
              "dropout": 0, "name": "tiny", "tied": true, "langs": ["en", "de"],
              "shape": [3, 4], "weights": [0.5, 1, -2e3],
              "model": {"heads": 8, "ff": {"dim": 512}},
              "layers": [{"heads": 8}, {"heads": "eight"}],
              "bad_dim": "abc", "float_dim": 3.0, "huge": 3000000000, "too_huge": 10000000000000000000, "nothing": null, "mixed": ["a", 3],
              "long_text": "%s"
            }""".formatted("x".repeat(100));

    private static final JsonObject cfg = JsonObject.of(Json.parse(CONFIG, "config.json"), "config.json");

    private static void assertMessage(String expected, Consumer<JsonObject> access) {
        assertEquals(expected, assertThrows(BadInputException.class, () -> access.accept(cfg)).getMessage());
    }

    @Test
    void readsTypedValues() {
        assertEquals(256, cfg.getInt("hid_dim"));
        assertEquals(10_000_000_000L, cfg.getLong("steps"));
        assertEquals(0.0005, cfg.getDouble("lr"));
        assertEquals(0.0, cfg.getDouble("dropout")); // an integer is a fine double
        assertEquals("tiny", cfg.getString("name"));
        assertTrue(cfg.getBoolean("tied"));
        assertEquals(List.of("en", "de"), cfg.getStringList("langs"));
        assertArrayEquals(new int[] {3, 4}, cfg.getIntArray("shape"));
        assertEquals(8, cfg.getObject("model").getInt("heads"));
        assertEquals(512, cfg.getObject("model").getObject("ff").getInt("dim"));
        assertEquals(8, cfg.getObjectList("layers").get(0).getInt("heads"));
        assertTrue(cfg.has("nothing"));
        assertFalse(cfg.hasValue("nothing"));
        assertTrue(cfg.hasValue("name"));
        assertFalse(cfg.has("missing"));
        assertTrue(cfg.get("missing").isMissingNode());
        assertEquals("tiny", cfg.get("name").textValue());
        assertEquals("hid_dim", cfg.keys().iterator().next());
    }

    @Test
    void fallbacksApplyOnlyToAbsentKeys() {
        assertEquals("tiny", cfg.getString("name", "en"));
        assertEquals("en", cfg.getString("missing", "en"));
        assertFalse(cfg.getBoolean("missing", false));
        assertMessage("config.json: field \"nothing\" must be a string, found null", c -> c.getString("nothing", "en"));
        assertMessage("config.json: field \"name\" must be true or false, found \"tiny\"", c -> c.getBoolean("name", true));
    }

    @Test
    void namesTheFileTheFieldAndTheProblem() {
        assertMessage("config.json: field \"bad_dim\" must be an integer, found \"abc\"", c -> c.getInt("bad_dim"));
        assertMessage("config.json: missing field \"enc_layers\"", c -> c.getInt("enc_layers"));
        assertMessage("config.json: field \"float_dim\" must be an integer, found 3.0", c -> c.getInt("float_dim"));
        assertMessage("config.json: field \"huge\" must be an integer from -2147483648 to 2147483647, found 3000000000",
                c -> c.getInt("huge"));
        assertMessage("config.json: field \"too_huge\" must be an integer from -9223372036854775808 to 9223372036854775807,"
                + " found 10000000000000000000", c -> c.getLong("too_huge"));
        assertMessage("config.json: field \"lr\" must be an integer, found 5.0E-4", c -> c.getLong("lr"));
        assertMessage("config.json: field \"name\" must be a number, found \"tiny\"", c -> c.getDouble("name"));
        assertMessage("config.json: field \"hid_dim\" must be a string, found 256", c -> c.getString("hid_dim"));
        assertMessage("config.json: field \"langs\" must be a string, found an array", c -> c.getString("langs"));
        assertMessage("config.json: field \"model\" must be an array, found an object", c -> c.getStringList("model"));
        assertMessage("config.json: field \"name\" must be an object, found \"tiny\"", c -> c.getObject("name"));
        assertMessage("config.json: field \"long_text\" must be an integer, found \"" + "x".repeat(56) + "...",
                c -> c.getInt("long_text"));
    }

    @Test
    void namesNestedFieldsAndArrayItems() {
        assertMessage("config.json: field \"mixed[1]\" must be a string, found 3", c -> c.getStringList("mixed"));
        assertMessage("config.json: field \"weights[0]\" must be an integer, found 0.5", c -> c.getIntArray("weights"));
        assertMessage("config.json: missing field \"model.enc_layers\"", c -> c.getObject("model").getInt("enc_layers"));
        assertMessage("config.json: missing field \"model.ff.act\"", c -> c.getObject("model").getObject("ff").getString("act"));
        assertMessage("config.json: field \"layers[1].heads\" must be an integer, found \"eight\"",
                c -> c.getObjectList("layers").get(1).getInt("heads"));
        assertMessage("config.json: field \"langs[0]\" must be an object, found \"en\"", c -> c.getObjectList("langs"));
    }

    @Test
    void theTopLevelMustBeAnObject() {
        assertEquals("run.npz: manifest.json: the top level must be an object, found an array",
                assertThrows(BadInputException.class,
                        () -> JsonObject.of(Json.parse("[1]", "m"), "run.npz: manifest.json")).getMessage());
        assertEquals("c.json: the top level must be an object, found null",
                assertThrows(BadInputException.class, () -> JsonObject.of(Json.parse("null", "c.json"), "c.json")).getMessage());
    }

    @Test
    void listsAreUnmodifiable() {
        assertThrows(UnsupportedOperationException.class, () -> cfg.keys().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> cfg.getStringList("langs").add("fr"));
        assertThrows(UnsupportedOperationException.class, () -> cfg.getObjectList("layers").clear());
    }

    @Test
    void becomesPlainJavaValuesInFileOrder() {
        Map<String, Object> model = cfg.getObject("model").toMap();
        assertEquals(List.of("heads", "ff"), List.copyOf(model.keySet()));
        assertEquals(8, model.get("heads"));
        assertEquals(Map.of("dim", 512), model.get("ff"));
        Map<String, Object> all = cfg.toMap();
        assertEquals(10_000_000_000L, all.get("steps"));
        assertEquals(0.0005, all.get("lr"));
        assertEquals(List.of("en", "de"), all.get("langs"));
        assertTrue(all.containsKey("nothing") && all.get("nothing") == null);
    }
}
