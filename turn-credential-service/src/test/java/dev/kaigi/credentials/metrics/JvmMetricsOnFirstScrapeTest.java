package dev.kaigi.credentials.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class JvmMetricsOnFirstScrapeTest {
    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    /** One of each binder Quarkus would have bound at start: JVM memory, GC, threads, classes, info; process, CPU. */
    static final List<String> SERIES = List.of("jvm_memory_used_bytes{area=\"heap\"", "jvm_gc_memory_allocated_bytes_total",
            "jvm_gc_overhead", "jvm_threads_live_threads", "jvm_classes_loaded_classes", "jvm_info_total{",
            "process_uptime_seconds", "process_files_open_files", "system_cpu_count", "process_cpu_usage");

    @Test
    void everyScrapeServesTheJvmAndProcessMetersOnce() {
        for (int scrape = 1; scrape <= 2; scrape++) {
            String text = given().get(metrics).then().statusCode(200).extract().asString();
            for (String series : SERIES) {
                assertTrue(text.contains(series), "scrape " + scrape + " lacks " + series + ":\n" + text);
            }
            assertEquals(1, text.lines().filter(line -> line.startsWith("# TYPE jvm_memory_used_bytes ")).count(),
                    "jvm_memory_used_bytes declared once in scrape " + scrape);
        }
    }
}
