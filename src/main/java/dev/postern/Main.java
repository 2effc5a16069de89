package dev.postern;

/** The composition root (filled in when the packages land). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
    }
}
