package org.qkvlens.probe;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A probe's captured arrays that live elsewhere (e.g. memory-mapped files of a run's snapshot store) and are read
 * only when asked for: {@link #get} reads one array, iterating the entries reads each in turn. The key set is known
 * up front and costs nothing. {@link ProbeCapture} keeps such a map as it is instead of copying it into memory.
 * Unmodifiable. Leaves out where the arrays come from (subclasses say).
 */
public abstract class ProbeArrays extends AbstractMap<ArrayKey, Tensor> {
    private final List<ArrayKey> keys;
    private final Set<Entry<ArrayKey, Tensor>> entries = new AbstractSet<>() {
        @Override
        public Iterator<Entry<ArrayKey, Tensor>> iterator() {
            Iterator<ArrayKey> it = keys.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Entry<ArrayKey, Tensor> next() {
                    ArrayKey k = it.next();
                    return Map.entry(k, read(k));
                }
            };
        }

        @Override
        public int size() {
            return keys.size();
        }
    };

    protected ProbeArrays(List<ArrayKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** Reads the array named {@code key}, which is one of the keys given to the constructor. */
    protected abstract Tensor read(ArrayKey key);

    @Override
    public Tensor get(Object key) {
        return key instanceof ArrayKey k && keys.contains(k) ? read(k) : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof ArrayKey k && keys.contains(k);
    }

    @Override
    public Set<ArrayKey> keySet() {
        return Set.copyOf(keys);
    }

    @Override
    public int size() {
        return keys.size();
    }

    @Override
    public Set<Entry<ArrayKey, Tensor>> entrySet() {
        return entries;
    }
}
