package org.qkvlens.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads English–German sentence pairs: from one pair file (CSV or TSV, see {@link PairFormat}), or from two
 * line-aligned files, one sentence per line (the Multi30k layout: train.en + train.de). Either may be
 * gzip-compressed. Blank lines are skipped (in aligned files only where both sides are blank, and trailing
 * blank lines are ignored), as is a first line of column names ({@code english,german}, {@code en,de},
 * {@code source,target}). Every problem is a {@link BadInputException} naming the file and line.
 * Leaves out: tokenising and vocabularies (see {@link Dataset}).
 */
public final class CorpusReader {
    private CorpusReader() {
    }

    public static List<TextPair> readPairs(Path file) {
        PairFormat format = PairFormat.of(file);
        TextFile text = TextFile.read(file);
        var pairs = new ArrayList<TextPair>();
        for (int i = 0; i < text.lines().size(); i++) {
            String line = text.lines().get(i);
            if (line.isBlank()) {
                continue;
            }
            String where = text.at(i);
            List<String> fields = format.fields(line, where);
            if (pairs.isEmpty() && isHeader(fields)) {
                continue;                                   // "english,german": names the columns, is no pair
            }
            if (fields.size() == 1) {
                throw new BadInputException(where + ": no " + format.separatorName
                        + " separating English and German");
            }
            if (fields.size() > 2) {
                throw new BadInputException(where + ": " + fields.size() + " " + format.separatorName
                        + "-separated fields, expected 2 (English and German)" + format.tooManyFieldsHint);
            }
            pairs.add(pair(fields.get(0), fields.get(1), where, text.origin(i)));
        }
        return nonEmpty(pairs, file.toString());
    }

    /** The column names a spreadsheet puts on a corpus's first line: english,german / en,de / source,target. */
    static boolean isHeader(List<String> fields) {
        if (fields.size() != 2) return false;
        String a = fields.get(0).strip().toLowerCase(java.util.Locale.ROOT), b = fields.get(1).strip().toLowerCase(java.util.Locale.ROOT);
        return (a.equals("english") && b.equals("german")) || (a.equals("en") && b.equals("de"))
                || (a.equals("source") && b.equals("target")) || (a.equals("src") && b.equals("trg"));
    }

    public static List<TextPair> readAligned(Path source, Path target) {
        TextFile src = TextFile.read(source);
        TextFile trg = TextFile.read(target);
        int srcLines = linesUpToLastText(src);
        int trgLines = linesUpToLastText(trg);
        if (srcLines != trgLines) {
            throw new BadInputException(src.name() + " has " + srcLines + " lines but " + trg.name() + " has "
                    + trgLines + "; the files must be line-aligned (line n of one translates line n of the other)");
        }
        var pairs = new ArrayList<TextPair>();
        for (int i = 0; i < srcLines; i++) {
            String s = src.lines().get(i);
            String t = trg.lines().get(i);
            if (s.isBlank() && t.isBlank()) {
                continue;
            }
            String where = src.at(i) + " / " + trg.at(i);
            pairs.add(pair(s.strip(), t.strip(), where, src.origin(i)));
        }
        return nonEmpty(pairs, source + " and " + target);
    }

    private static TextPair pair(String english, String german, String where, String origin) {
        if (english.isBlank()) {
            throw new BadInputException(where + ": the English side is empty");
        }
        if (german.isBlank()) {
            throw new BadInputException(where + ": the German side is empty");
        }
        return new TextPair(english, german, origin);
    }

    private static int linesUpToLastText(TextFile text) {
        int n = text.lines().size();
        while (n > 0 && text.lines().get(n - 1).isBlank()) {
            n--;
        }
        return n;
    }

    private static List<TextPair> nonEmpty(List<TextPair> pairs, String files) {
        if (pairs.isEmpty()) {
            throw new BadInputException(files + ": no sentence pairs (empty, or only blank lines)");
        }
        return List.copyOf(pairs);
    }
}
