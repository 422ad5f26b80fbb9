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
 *   pubsub: the thinnest relay between processes through Redis, for the cluster benchmark. /ws/rooms/{room}; the
 *          first text frame is answered with a welcome holding a peer id, and the process subscribes to that
 *          peer's own channel. A later frame {"type":"signal","to":ID,"data":…} is PUBLISHed, as
 *          {"type":"signal","from":SENDER,"data":…}, to the channel of ID, and whichever process holds ID writes
 *          it to the socket. No validation, no queue, no numbering, no membership in Redis: one PUBLISH per signal
 *          and Redis' own routing, on one connection per event loop (pipelined) plus one subscriber connection.
 *
 * Run: java -cp 'signaling-service/target/quarkus-app/lib/main/*' bench/Floor.java relay|http|pubsub PORT [LOOPS]
 *      [REDIS_URL]
 * LOOPS: event loops (default two per available processor, like Quarkus); the benchmark gives both sides the same.
 */
public class Floor {
    public static void main(String[] args) {
        String mode = args[0];
        int port = Integer.parseInt(args[1]);
        int loops = args.length > 2 ? Integer.parseInt(args[2]) : 2 * Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        if (mode.equals("pubsub")) {
            PubSub.subscribe(vertx, args[3]);
        }
        ConcurrentHashMap<String, Set<ServerWebSocket>> rooms = new ConcurrentHashMap<>();
        AtomicLong ids = new AtomicLong();
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start() {
                HttpServerOptions options = new HttpServerOptions().setPort(port).setHost("127.0.0.1")
                        .setMaxWebSocketFrameSize(65536).setMaxWebSocketMessageSize(65536);
                if (mode.equals("relay")) {
                    vertx.createHttpServer(options).webSocketHandler(ws -> relay(ws, rooms, ids)).listen();
                } else if (mode.equals("pubsub")) {
                    PubSub pubsub = new PubSub(vertx, args[3], ids);
                    vertx.createHttpServer(options).webSocketHandler(pubsub::serve).listen();
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

    /** One process of the pub/sub floor; see the class comment. */
    static final class PubSub {
        private static final ConcurrentHashMap<String, ServerWebSocket> LOCAL = new ConcurrentHashMap<>();
        private static volatile io.vertx.redis.client.RedisConnection subscriber;
        private static final String PREFIX = Long.toString(ProcessHandle.current().pid(), 36);
        private final AtomicLong ids;
        private final io.vertx.core.Future<io.vertx.redis.client.RedisConnection> publisher;

        /** Before the verticles start (it blocks): the process's one subscriber connection. */
        static void subscribe(Vertx vertx, String redisUrl) {
            subscriber = io.vertx.redis.client.Redis.createClient(vertx, redisUrl).connect().toCompletionStage()
                    .toCompletableFuture().join();
            subscriber.handler(push -> {
                if (push.size() == 3 && "message".equals(push.get(0).toString())) {
                    ServerWebSocket ws = LOCAL.get(push.get(1).toString());
                    if (ws != null) {
                        ws.writeTextMessage(push.get(2).toString());
                    }
                }
            });
        }

        PubSub(Vertx vertx, String redisUrl, AtomicLong ids) {
            this.ids = ids;
            this.publisher = io.vertx.redis.client.Redis.createClient(vertx, redisUrl).connect();
        }

        void serve(ServerWebSocket ws) {
            String[] self = {null};
            ws.textMessageHandler(text -> {
                if (self[0] == null) {
                    String counter = Long.toString(ids.incrementAndGet(), 36);
                    String id = PREFIX + "-".repeat(22 - PREFIX.length() - counter.length()) + counter;
                    self[0] = id;
                    LOCAL.put(id, ws);
                    subscriber.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.SUBSCRIBE)
                            .arg(id)).onSuccess(ok -> ws.writeTextMessage(
                                    "{\"type\":\"welcome\",\"peerId\":\"" + id + "\"}"));
                    return;
                }
                int to = text.indexOf("\"to\":\"");
                int data = text.indexOf("\"data\":", to);
                if (!text.startsWith("{\"type\":\"signal\"") || to < 0 || data < 0) {
                    return; // acks and anything else: nothing to do
                }
                String recipient = text.substring(to + 6, text.indexOf('"', to + 6));
                String frame = "{\"type\":\"signal\",\"from\":\"" + self[0] + "\"," + text.substring(data);
                publisher.compose(redis -> redis.send(io.vertx.redis.client.Request
                        .cmd(io.vertx.redis.client.Command.PUBLISH).arg(recipient).arg(frame)));
            });
            ws.closeHandler(v -> {
                if (self[0] != null) {
                    LOCAL.remove(self[0]);
                    subscriber.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.UNSUBSCRIBE)
                            .arg(self[0]));
                }
            });
        }
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
