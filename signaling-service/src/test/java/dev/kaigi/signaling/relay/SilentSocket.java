package dev.kaigi.signaling.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client that joins and then goes silent: it never reads again, so it never answers a ping, like
 * a laptop whose Wi-Fi vanished. Written on a raw socket because every real client library answers pings.
 */
public final class SilentSocket implements AutoCloseable {
    private final Socket socket;

    public SilentSocket(URI base, String room, String firstFrame) throws IOException {
        socket = new Socket(base.getHost(), base.getPort());
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        String request = "GET /ws/rooms/" + room + " HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String response = readHeaders(socket.getInputStream());
        if (!response.startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + response);
        }
        out.write(maskedTextFrame(firstFrame));
        out.flush();
    }

    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during handshake");
            }
            headers.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return headers.toString(StandardCharsets.US_ASCII);
    }

    /** Sends one short text frame; fails once the server has closed the connection. */
    public void send(String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(maskedTextFrame(text));
        out.flush();
    }

    /** RFC 6455 §5.2: a client frame is always masked. Payloads here are shorter than 126 bytes. */
    private static byte[] maskedTextFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length >= 126) {
            throw new IllegalArgumentException("keep silent-socket frames short");
        }
        byte[] mask = new byte[4];
        new SecureRandom().nextBytes(mask);
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    /** Drops the connection with a TCP reset, as a killed tab or a phone losing its network can. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
