package org.qkvlens.store;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.qkvlens.probe.Tensor;

/**
 * The arrays read back from snapshot stores that stay on the Java heap: least recently used first out, within a budget
 * of bytes the user sets ({@code -Dqkvlens.cache-mb} or the app's File → Memory for vectors; default 256 MB or an
 * eighth of the heap, whichever is less).
 * Everything else stays in the memory-mapped files, i.e. in the operating system's file cache. Thread-safe; a read
 * happens outside the lock. Leaves out eviction by age.
 */
public final class TensorCache {
    private long budgetBytes;
    private final LinkedHashMap<Object, Tensor> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;
    private long hits, misses;

    public TensorCache(long budgetBytes) {
        if (budgetBytes < 0) throw new IllegalArgumentException("budget must not be negative: " + budgetBytes);
        this.budgetBytes = budgetBytes;
    }

    private static volatile TensorCache shared;

    /** One cache for the whole process (the app's views and the command line share it), made on first use. */
    public static TensorCache shared() {
        TensorCache c = shared;
        if (c == null) {
            synchronized (TensorCache.class) {
                if (shared == null) shared = fromSystemProperties();
                c = shared;
            }
        }
        return c;
    }

    /** The budget from {@code -Dqkvlens.cache-mb}, else min(256 MB, max heap / 8). */
    public static TensorCache fromSystemProperties() {
        String mb = System.getProperty("qkvlens.cache-mb");
        long budget = Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8);
        if (mb != null) {
            try {
                budget = Long.parseLong(mb.strip()) << 20;
            } catch (NumberFormatException e) {
                throw new org.qkvlens.data.BadInputException("-Dqkvlens.cache-mb must be a whole number of megabytes, got '" + mb + "'");
            }
        }
        return new TensorCache(Math.max(0, budget));
    }

    /** The cached array for {@code key}, or what {@code read} gives (cached when it fits the budget). */
    public Tensor get(Object key, Supplier<Tensor> read) {
        synchronized (this) {
            Tensor t = entries.get(key);
            if (t != null) {
                hits++;
                return t;
            }
            misses++;
        }
        Tensor t = read.get();
        long size = sizeOf(t);
        synchronized (this) {
            if (size <= budgetBytes && !entries.containsKey(key)) {   // the budget as it is now
                entries.put(key, t);
                bytes += size;
                trim();
            }
        }
        return t;
    }

    public synchronized long budgetBytes() {
        return budgetBytes;
    }

    /** A new budget; what no longer fits goes, least recently used first. */
    public synchronized void setBudget(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("budget must not be negative: " + bytes);
        budgetBytes = bytes;
        trim();
    }

    /** Lets go of the least recently used arrays until what is held fits the budget. Holding the lock. */
    private void trim() {
        Iterator<Map.Entry<Object, Tensor>> it = entries.entrySet().iterator();
        while (bytes > budgetBytes && it.hasNext()) {
            bytes -= sizeOf(it.next().getValue());
            it.remove();
        }
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    public synchronized void clear() {
        entries.clear();
        bytes = 0;
    }

    private static long sizeOf(Tensor t) {
        return 4L * t.data().length + 64;
    }
}
