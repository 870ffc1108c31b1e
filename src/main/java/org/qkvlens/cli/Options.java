package org.qkvlens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.qkvlens.data.BadInputException;

/**
 * A command's parsed {@code --name value} and {@code --flag} arguments, checked against the options it declares.
 * Every mistake (unknown option, missing value, a value of the wrong type or range) is a {@link BadInputException}
 * that names the option and the command's {@code --help}.
 */
final class Options {

    /** One declared option: {@code arg} is the value's placeholder, or null for a flag. */
    record Spec(String name, String arg, String help) {
        static Spec flag(String name, String help) {
            return new Spec(name, null, help);
        }

        static Spec value(String name, String arg, String help) {
            return new Spec(name, arg, help);
        }
    }

    private final String command;
    private final Map<String, String> values;

    private Options(String command, Map<String, String> values) {
        this.command = command;
        this.values = values;
    }

    static Options parse(String command, List<Spec> specs, String[] args) {
        Map<String, Spec> byName = new LinkedHashMap<>();
        for (Spec s : specs) byName.put(s.name(), s);
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                values.put("help", "");
                continue;
            }
            if (!a.startsWith("--") || a.length() == 2) {
                throw new BadInputException(command + ": unexpected argument '" + a + "' (options start with --; see "
                        + "qkv-lens " + command + " --help)");
            }
            String name = a.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Spec spec = byName.get(name);
            if (spec == null) {
                throw new BadInputException(command + ": unknown option --" + name + " (see qkv-lens " + command + " --help)");
            }
            if (values.containsKey(name)) {
                throw new BadInputException(command + ": option --" + name + " is given twice");
            }
            if (spec.arg() == null) {
                if (inline != null) throw new BadInputException(command + ": option --" + name + " takes no value");
                values.put(name, "");
            } else if (inline != null) {
                values.put(name, inline);
            } else {
                if (i + 1 >= args.length || (args[i + 1].startsWith("--") && args[i + 1].length() > 2)) {
                    throw new BadInputException(command + ": option --" + name + " needs a value (" + spec.arg() + ")");
                }
                values.put(name, args[++i]);
            }
        }
        return new Options(command, values);
    }

    static String help(String usage, String description, List<Spec> specs) {
        StringBuilder sb = new StringBuilder("usage: ").append(usage).append("\n\n").append(description).append("\n\noptions:\n");
        for (Spec s : specs) {
            String left = "  --" + s.name() + (s.arg() == null ? "" : " " + s.arg());
            sb.append(left.length() < 28 ? String.format("%-28s", left) : left + "\n" + " ".repeat(28)).append(s.help()).append('\n');
        }
        sb.append(String.format("%-28s", "  -h, --help")).append("show this help\n");
        return sb.toString();
    }

    boolean wantsHelp() {
        return values.containsKey("help");
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** One of {@code choices} (case-insensitive), lower-cased. */
    String choice(String name, String fallback, String... choices) {
        String v = values.get(name);
        if (v == null) return fallback;
        for (String c : choices) if (c.equalsIgnoreCase(v)) return c;
        throw bad(name, "one of " + String.join(", ", choices), v);
    }

    int positiveInt(String name, int fallback) {
        return intAtLeast(name, fallback, 1);
    }

    int intAtLeast(String name, int fallback, int min) {
        String v = values.get(name);
        if (v == null) return fallback;
        try {
            int x = Integer.parseInt(v.strip());
            if (x >= min) return x;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(name, min == 1 ? "a positive integer" : "an integer ≥ " + min, v);
    }

    long longValue(String name, long fallback) {
        String v = values.get(name);
        if (v == null) return fallback;
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw bad(name, "an integer", v);
        }
    }

    /** A number in [min, max) (or [min, max] when {@code maxInclusive}). */
    float number(String name, float fallback, float min, float max, boolean maxInclusive) {
        String v = values.get(name);
        if (v == null) return fallback;
        try {
            float x = Float.parseFloat(v.strip());
            if (x >= min && (maxInclusive ? x <= max : x < max) && Float.isFinite(x)) return x;
        } catch (NumberFormatException e) {
            // reported below
        }
        String range = max == Float.MAX_VALUE ? "a number ≥ " + min : "a number from " + min + " to " + max
                + (maxInclusive ? "" : " (exclusive)");
        throw bad(name, range, v);
    }

    /** A path that must name an existing regular file. */
    Path existingFile(String name) {
        String v = values.get(name);
        if (v == null) return null;
        Path p = Path.of(v);
        if (!Files.exists(p)) throw new BadInputException(command + ": --" + name + " " + v + ": no such file");
        if (Files.isDirectory(p)) throw new BadInputException(command + ": --" + name + " " + v + ": is a directory, not a file");
        if (!Files.isReadable(p)) throw new BadInputException(command + ": --" + name + " " + v + ": cannot be read (permission denied)");
        return p;
    }

    /** A path to write: its directory must exist. */
    Path outputFile(String name) {
        String v = values.get(name);
        if (v == null) return null;
        Path p = Path.of(v).toAbsolutePath();
        Path dir = p.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new BadInputException(command + ": --" + name + " " + v + ": the directory " + dir + " does not exist");
        }
        if (Files.isDirectory(p)) throw new BadInputException(command + ": --" + name + " " + v + ": is a directory");
        return p;
    }

    BadInputException bad(String name, String expected, String got) {
        return new BadInputException(command + ": option --" + name + " expects " + expected + ", got '" + got + "'");
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
