package dev.kaigi.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal TCP load balancer for the cluster browser test, run as its own process inside the test namespace:
 * {@code FailoverProxy [--bind=<address>] [--host=<host:port>] <listen-port> <backend-port>...} forwards each
 * connection to the first backend on loopback that accepts it, as an ingress does when a replica dies. Browsers keep
 * one origin (127.0.0.1, a secure context). Bound elsewhere than loopback it also exposes a loopback-only port to the
 * test JVM outside the namespace; {@code --host} then rewrites the Host header of each connection's first request,
 * for Firefox's remote agent, which accepts only loopback names there.
 */
public final class FailoverProxy {
    private FailoverProxy() {
    }

    public static void main(String[] args) throws IOException {
        InetAddress bind = InetAddress.getLoopbackAddress();
        String host = null;
        int first = 0;
        for (; args[first].startsWith("--"); first++) {
            if (args[first].startsWith("--bind=")) {
                bind = InetAddress.getByName(args[first].substring("--bind=".length()));
            } else if (args[first].startsWith("--host=")) {
                host = args[first].substring("--host=".length());
            }
        }
        String hostHeader = host;
        int listen = Integer.parseInt(args[first]);
        List<Integer> backends = new ArrayList<>();
        for (int i = first + 1; i < args.length; i++) {
            backends.add(Integer.parseInt(args[i]));
        }
        try (ServerSocket server = new ServerSocket(listen, 128, bind)) {
            while (true) {
                Socket client = server.accept();
                Thread thread = new Thread(() -> serve(client, backends, hostHeader));
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    private static void serve(Socket client, List<Integer> backends, String hostHeader) {
        for (int port : backends) {
            Socket backend = new Socket();
            try {
                backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            } catch (IOException refused) {
                close(backend);
                continue;
            }
            Thread up = new Thread(() -> {
                if (hostHeader == null || rewriteHost(client, backend, hostHeader)) {
                    pipe(client, backend);
                }
            });
            up.setDaemon(true);
            up.start();
            pipe(backend, client);
            return;
        }
        close(client);
    }

    /** Copies until either side ends, then closes both: a dead backend ends the client's connection too. */
    private static void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0;) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ended) {
            // connection reset or closed by the other direction
        } finally {
            close(from);
            close(to);
        }
    }

    /** Forwards the first request head with its Host header replaced; false if the connection ended first. */
    private static boolean rewriteHost(Socket client, Socket backend, String host) {
        try {
            InputStream in = client.getInputStream();
            java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
            for (int b; (b = in.read()) >= 0;) {
                head.write(b);
                String text = head.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
                if (text.endsWith("\r\n\r\n")) {
                    String rewritten = text.replaceFirst("(?im)^Host:[^\r\n]*", "Host: " + host);
                    backend.getOutputStream().write(rewritten.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    return true;
                }
            }
        } catch (IOException ended) {
            // fall through
        }
        close(client);
        close(backend);
        return false;
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
