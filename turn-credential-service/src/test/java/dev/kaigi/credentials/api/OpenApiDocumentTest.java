package dev.kaigi.credentials.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document is a file, so it must name exactly the operations the resources serve. */
class OpenApiDocumentTest {

    @Test
    void theDocumentNamesEveryOperationOfTheResourcesAndNoOther() throws Exception {
        JsonNode document;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(OpenApiRoute.DOCUMENT)) {
            document = new ObjectMapper().readTree(in);
        }
        Set<String> documented = new TreeSet<>();
        for (Iterator<String> paths = document.path("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            document.path("paths").path(path).fieldNames().forEachRemaining(method -> documented.add(method + " " + path));
        }
        assertEquals(operationsOfTheResources(), documented);
    }

    /** "get /api/v1/…" for every JAX-RS method of every resource class compiled with this service. */
    private static Set<String> operationsOfTheResources() throws Exception {
        java.nio.file.Path classes = java.nio.file.Path.of(
                OpenApiRoute.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> operations = new TreeSet<>();
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, OpenApiDocumentTest.class.getClassLoader());
                Path root = type.getAnnotation(Path.class);
                if (root == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    String verb = method.isAnnotationPresent(GET.class) ? "get"
                            : method.isAnnotationPresent(POST.class) ? "post" : null;
                    if (verb != null) {
                        Path sub = method.getAnnotation(Path.class);
                        operations.add(verb + " " + root.value() + (sub == null ? "" : sub.value()));
                    }
                }
            }
        }
        return operations;
    }
}
