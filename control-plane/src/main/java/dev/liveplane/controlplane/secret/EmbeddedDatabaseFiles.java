package dev.liveplane.controlplane.secret;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an embedded H2 file database's URL ({@code jdbc:h2:file:./.liveplane/db/liveplane}) into a private
 * directory: 0700 before the database opens (so no file in it is ever readable by others), and its files 0600 once
 * the service has started (H2 creates them with the umask's mode, which Java cannot change).
 */
@Singleton
final class EmbeddedDatabaseFiles implements BeanCreatedEventListener<DatasourceConfiguration> {

    private static final String H2_FILE = "jdbc:h2:file:";

    private final List<Path> directories = new ArrayList<>();

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration datasource = event.getBean();
        String url = datasource.getUrl();
        if (url != null && url.startsWith(H2_FILE)) {
            String file = url.substring(H2_FILE.length()).split(";", 2)[0];
            Path directory = Path.of(file).toAbsolutePath().getParent();
            PrivateFiles.directory(directory);
            synchronized (directories) {
                directories.add(directory);
            }
        }
        return datasource;
    }

    @EventListener
    void started(StartupEvent event) {
        synchronized (directories) {
            directories.forEach(PrivateFiles::files);
        }
    }
}
