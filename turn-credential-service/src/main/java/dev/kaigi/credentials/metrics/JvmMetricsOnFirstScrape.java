package dev.kaigi.credentials.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.quarkus.micrometer.runtime.binder.JVMInfoBinder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The JVM and process meters Quarkus binds itself ({@code quarkus.micrometer.binder.jvm/system}, both off here), bound
 * when {@code /q/metrics} is first scraped instead of while the service starts. Bound at start they cost this
 * service ≈ 0.06–0.07 s of its start on the pod's CPU (docs/benchmarks.md), and only a scraper reads them. The GC
 * meters count from the first scrape on: collections during the start are not in them.
 */
@Singleton
public class JvmMetricsOnFirstScrape {
    private static final Logger LOG = Logger.getLogger(JvmMetricsOnFirstScrape.class);
    private final MeterRegistry registry;
    private volatile List<AutoCloseable> bound;

    public JvmMetricsOnFirstScrape(MeterRegistry registry) {
        this.registry = registry;
    }

    void register(@Observes ManagementInterface management) {
        // Ahead of Quarkus' own metrics route (JvmMetricsOnFirstScrapeTest checks a fresh application's first scrape).
        management.router().route("/q/metrics").order(-1).handler(this::bindThenScrape);
    }

    private void bindThenScrape(RoutingContext context) {
        if (bound != null) {
            context.next();
            return;
        }
        // Binding loads java.management and registers GC listeners: off the event loop, once.
        context.vertx().executeBlocking(() -> {
            bind();
            return null;
        }).onComplete(done -> {
            if (done.failed()) {
                LOG.warn("Binding the JVM and process meters failed; the next scrape tries again", done.cause());
            }
            context.next();
        });
    }

    private synchronized void bind() {
        if (bound != null) {
            return;
        }
        new ClassLoaderMetrics().bindTo(registry);
        JvmHeapPressureMetrics heapPressure = new JvmHeapPressureMetrics();
        heapPressure.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new JVMInfoBinder().bindTo(registry); // Quarkus' jvm.info, so dashboards built on it keep working
        bound = List.of(heapPressure, gc);
    }

    void close(@Observes ShutdownEvent shutdown) throws Exception {
        List<AutoCloseable> listeners = bound;
        if (listeners != null) {
            for (AutoCloseable listener : listeners) {
                listener.close();
            }
        }
    }
}
