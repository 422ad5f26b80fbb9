import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The floor the benchmarks compare Kaigi with: the thinnest relay and credential endpoint the same stack
 * (Vert.x 4 and Netty, as shipped inside the signaling jar) can do, with no validation at all.
 *
 *   relay: /ws/rooms/{room}; the first text frame is answered with {"type":"welcome","peerId":…}, every later
 *          one is written unchanged to the other sockets of the room.
 *   http:  any GET answers a small JSON body holding one HMAC-SHA1 (what a TURN credential costs).
 *
 * Run: java -cp 'signaling-service/target/quarkus-app/lib/main/*' bench/Floor.java relay|http PORT [LOOPS]
 * LOOPS: event loops (default two per available processor, like Quarkus); the benchmark gives both sides the same.
 */
public class Floor {
    public static void main(String[] args) {
        String mode = args[0];
        int port = Integer.parseInt(args[1]);
        int loops = args.length > 2 ? Integer.parseInt(args[2]) : 2 * Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        ConcurrentHashMap<String, Set<ServerWebSocket>> rooms = new ConcurrentHashMap<>();
        AtomicLong ids = new AtomicLong();
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start() {
                HttpServerOptions options = new HttpServerOptions().setPort(port).setHost("127.0.0.1")
                        .setMaxWebSocketFrameSize(65536).setMaxWebSocketMessageSize(65536);
                if (mode.equals("relay")) {
                    vertx.createHttpServer(options).webSocketHandler(ws -> relay(ws, rooms, ids)).listen();
                } else {
                    Mac mac = hmac();
                    vertx.createHttpServer(options).requestHandler(request -> {
                        String username = (System.currentTimeMillis() / 1000 + 3600) + ":" + ids.incrementAndGet();
                        String password = Base64.getEncoder().encodeToString(
                                mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
                        request.response().putHeader("content-type", "application/json")
                                .end("{\"username\":\"" + username + "\",\"credential\":\"" + password + "\"}");
                    }).listen();
                }
            }
        }, new DeploymentOptions().setInstances(loops)).onSuccess(id -> System.out.println("floor " + mode
                + " listening on " + port + " with " + loops + " event loops"))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }

    static void relay(ServerWebSocket ws, ConcurrentHashMap<String, Set<ServerWebSocket>> rooms, AtomicLong ids) {
        if (!ws.path().startsWith("/ws/rooms/")) {
            ws.close((short) 1008);
            return;
        }
        String room = ws.path().substring("/ws/rooms/".length());
        boolean[] joined = {false};
        ws.textMessageHandler(text -> {
            Set<ServerWebSocket> members = rooms.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet());
            if (!joined[0]) {
                joined[0] = true;
                members.add(ws);
                ws.writeTextMessage("{\"type\":\"welcome\",\"peerId\":\"" + String.format("%022d", ids.incrementAndGet())
                        + "\"}");
                return;
            }
            for (ServerWebSocket other : members) {
                if (other != ws) {
                    other.writeTextMessage(text);
                }
            }
        });
        ws.closeHandler(v -> rooms.computeIfPresent(room, (r, members) -> {
            members.remove(ws);
            return members.isEmpty() ? null : members;
        }));
    }

    static Mac hmac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec("floor-secret-0123456789".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
