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
 * {@code FailoverProxy [--bind=<address>] <listen-port> <backend-port>...} forwards each connection to the first
 * backend on loopback that accepts it, as an ingress does when a replica dies. Browsers keep one origin (127.0.0.1,
 * a secure context). Bound elsewhere than loopback, it also exposes a loopback-only port (Firefox's remote agent)
 * to the test JVM outside the namespace.
 */
public final class FailoverProxy {
    private FailoverProxy() {
    }

    public static void main(String[] args) throws IOException {
        InetAddress bind = InetAddress.getLoopbackAddress();
        int first = 0;
        if (args[0].startsWith("--bind=")) {
            bind = InetAddress.getByName(args[0].substring("--bind=".length()));
            first = 1;
        }
        int listen = Integer.parseInt(args[first]);
        List<Integer> backends = new ArrayList<>();
        for (int i = first + 1; i < args.length; i++) {
            backends.add(Integer.parseInt(args[i]));
        }
        try (ServerSocket server = new ServerSocket(listen, 128, bind)) {
            while (true) {
                Socket client = server.accept();
                Thread thread = new Thread(() -> serve(client, backends));
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    private static void serve(Socket client, List<Integer> backends) {
        for (int port : backends) {
            Socket backend = new Socket();
            try {
                backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            } catch (IOException refused) {
                close(backend);
                continue;
            }
            Thread up = new Thread(() -> pipe(client, backend));
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

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
