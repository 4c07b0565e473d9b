package dev.selfsup.plugin;

import com.google.inject.Injector;
import org.pf4j.ExtensionFactory;
import org.pf4j.PluginRuntimeException;

/**
 * Creates PF4J extensions through Guice so they can {@code @Inject} framework services. PF4J asks for the
 * factory from its own constructor, before the injector exists, so the injector is bound afterwards.
 */
final class GuiceExtensionFactory implements ExtensionFactory {

    private volatile Injector injector;

    void bind(Injector boundInjector) {
        this.injector = boundInjector;
    }

    @Override
    public <T> T create(Class<T> extensionClass) {
        Injector current = injector;
        if (current == null) {
            throw new PluginRuntimeException("extension " + extensionClass.getName()
                    + " requested before the plugin runtime was started");
        }
        return current.getInstance(extensionClass);
    }
}
