package org.qkvlens;

/** Entry point placeholder. */
public final class Main {
    public static void main(String[] args) {
        System.out.println("qkv-lens " + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED);
    }
}
