package dev.kaigi.browser;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The camera every test browser films with: a small looping Y4M clip, 320×240 at 15 frames/s, with a bar moving
 * across it so the encoder has real motion to code. Chromium's built-in fake camera serves the 1280×720 the page asks
 * for; with three or four browsers encoding and decoding that on a mesh, two cores stay saturated, and a browser that
 * starts then took up to 20 s for getUserMedia. What the tests prove does not depend on the picture's size.
 */
final class FakeCamera {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    private static final int FPS = 15;
    private static final int FRAMES = 2 * FPS;
    private static final Path FILE = Path.of("target", "fake-camera.y4m").toAbsolutePath();
    private static boolean written;

    private FakeCamera() {
    }

    /** The clip's file, written on first use in this JVM (so a changed clip never meets an old file). */
    static synchronized Path file() {
        if (!written) {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(FILE))) {
                write(out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the fake camera's clip " + FILE, e);
            }
            written = true;
        }
        return FILE;
    }

    private static void write(OutputStream out) throws IOException {
        out.write(("YUV4MPEG2 W" + WIDTH + " H" + HEIGHT + " F" + FPS + ":1 Ip A1:1 C420jpeg\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] luma = new byte[WIDTH * HEIGHT];
        byte[] blue = new byte[WIDTH * HEIGHT / 4];
        byte[] red = new byte[WIDTH * HEIGHT / 4];
        Arrays.fill(blue, (byte) 100);
        Arrays.fill(red, (byte) 150);
        int bar = WIDTH / 8;
        for (int frame = 0; frame < FRAMES; frame++) {
            int barAt = frame * (WIDTH - bar) / (FRAMES - 1);
            for (int y = 0; y < HEIGHT; y++) {
                for (int x = 0; x < WIDTH; x++) {
                    boolean onBar = x >= barAt && x < barAt + bar;
                    luma[y * WIDTH + x] = (byte) (onBar ? 235 : 40 + (x + y) * 150 / (WIDTH + HEIGHT));
                }
            }
            out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
            out.write(luma);
            out.write(blue);
            out.write(red);
        }
    }
}
