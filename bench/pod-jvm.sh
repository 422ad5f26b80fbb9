# Sourced by the bench scripts: the JVM options a server runs with in its pod. run_java is what the container
# image's run-java.sh passes in the 512 MiB pod (JAVA_MAX_MEM_RATIO=70 -> 358 MiB heap); image_jvm what the image
# appends (quarkus.jib.jvm-additional-arguments, read from the signaling service's configuration).
# shellcheck disable=SC2034
run_java="-XX:+UseParallelGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:GCTimeRatio=4 -XX:AdaptiveSizePolicyWeight=90 -Xmx358m"
# shellcheck disable=SC2034
image_jvm=$(sed -n 's/^quarkus\.jib\.jvm-additional-arguments=//p' signaling-service/src/main/resources/application.properties | tr ',' ' ')
# The signaling service's per-client limits, lifted for the relay benchmarks: their generator is one address.
# shellcheck disable=SC2034
limits_lifted="-Dkaigi.signaling.per-address.max-connections=1000000 -Dkaigi.signaling.per-address.joins-per-minute=100000000 -Dkaigi.signaling.rate-limit.burst=100000 -Dkaigi.signaling.rate-limit.per-second=100000 -Dkaigi.signaling.max-connections=100000"
