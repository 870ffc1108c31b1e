package org.qkvlens.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How one line of a sentence-pair file splits into fields, chosen by the file name (".gz" aside):
 * ".csv" is comma-separated, a field may be double-quoted ("a, b") with "" for a quote inside it;
 * ".tsv" and ".txt" are tab-separated with no quoting. Fields are returned stripped of surrounding spaces.
 * Leaves out: quoted fields that span lines, other separators, header rows.
 */
enum PairFormat {
    CSV("comma", "; put a sentence that contains a comma in double quotes: \"a, b\""),
    TSV("tab", "");

    final String separatorName;
    final String tooManyFieldsHint;

    PairFormat(String separatorName, String tooManyFieldsHint) {
        this.separatorName = separatorName;
        this.tooManyFieldsHint = tooManyFieldsHint;
    }

    static PairFormat of(Path file) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        String plain = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        if (plain.endsWith(".csv")) {
            return CSV;
        }
        if (plain.endsWith(".tsv") || plain.endsWith(".txt")) {
            return TSV;
        }
        throw new BadInputException(file + ": unknown kind of sentence-pair file; name it .csv (comma-separated)"
                + " or .tsv/.txt (tab-separated), optionally followed by .gz");
    }

    /** The fields of {@code line}; {@code where} ("eng_de.csv line 7") prefixes error messages. */
    List<String> fields(String line, String where) {
        return switch (this) {
            case TSV -> Arrays.stream(line.split("\t", -1)).map(String::strip).toList();
            case CSV -> csvFields(line, where);
        };
    }

    private static List<String> csvFields(String line, String where) {
        var fields = new ArrayList<String>();
        int i = 0;
        while (true) {
            var field = new StringBuilder();
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
            if (i < line.length() && line.charAt(i) == '"') {
                i = readQuoted(line, i + 1, field, where);
                while (i < line.length() && line.charAt(i) == ' ') {
                    i++;
                }
                if (i < line.length() && line.charAt(i) != ',') {
                    throw new BadInputException(where + ": text after a closing quote (column " + (i + 1)
                            + "); write a quote inside a quoted field as \"\"");
                }
            } else {
                while (i < line.length() && line.charAt(i) != ',') {
                    field.append(line.charAt(i++));
                }
            }
            fields.add(field.toString().strip());
            if (i >= line.length()) {
                return fields;
            }
            i++;                                                // skip the comma
        }
    }

    /** Reads a quoted field from just after its opening quote; returns the index after the closing quote. */
    private static int readQuoted(String line, int i, StringBuilder field, String where) {
        int quoteColumn = i;                                    // 1-based column of the opening quote
        while (i < line.length()) {
            char c = line.charAt(i++);
            if (c != '"') {
                field.append(c);
            } else if (i < line.length() && line.charAt(i) == '"') {
                field.append('"');
                i++;
            } else {
                return i;
            }
        }
        throw new BadInputException(where + ": the quote opened at column " + quoteColumn
                + " is never closed; close it, and write a quote inside a quoted field as \"\"");
    }
}
