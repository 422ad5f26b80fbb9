package dev.kaigi.credentials.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

// A profile of its own: a fresh application, so the scrape below is its first.
@QuarkusTest
@TestProfile(JvmMetricsOnFirstScrapeTest.FreshApplication.class)
class JvmMetricsOnFirstScrapeTest {
    public static class FreshApplication implements QuarkusTestProfile {
    }

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Inject
    MeterRegistry registry;

    /** One of each binder Quarkus would have bound at start: JVM memory, GC, threads, classes, info; process, CPU. */
    static final List<String> SERIES = List.of("jvm_memory_used_bytes{area=\"heap\"",
            "jvm_gc_memory_allocated_bytes_total", "jvm_gc_overhead", "jvm_threads_live_threads", "jvm_classes_loaded_classes", "jvm_info_total{",
            "process_uptime_seconds", "process_files_open_files", "system_cpu_count", "process_cpu_usage");

    @Test
    void theJvmAndProcessMetersAreBoundByTheFirstScrapeNotAtStartAndServedOnce() {
        assertNull(registry.find("jvm.memory.used").meter(), "JVM meters bound before the first scrape");
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
