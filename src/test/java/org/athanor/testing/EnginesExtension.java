package org.athanor.testing;

import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.Stream;
import org.athanor.db.Engine;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/** Runs {@link OnEveryEngine} and {@link OnEveryServer} tests: one invocation per engine, cleaned up after each. */
final class EnginesExtension implements TestTemplateInvocationContextProvider {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EnginesExtension.class);

    @Override public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> serversOnly(m) || AnnotationSupport.isAnnotated(m, OnEveryEngine.class)).orElse(false);
    }

    @Override public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        boolean servers = serversOnly(context.getRequiredTestMethod());
        List<Engine> engines = servers ? TestDatabases.servers().toList() : TestDatabases.enabled();
        if (engines.isEmpty()) return Stream.of(new NoServer());
        return engines.stream().map(OnEngine::new);
    }

    private static boolean serversOnly(Method m) {
        return AnnotationSupport.isAnnotated(m, OnEveryServer.class);
    }

    /** One invocation on one engine: checks the engine is reachable, resolves the parameters, cleans up after. */
    private record OnEngine(Engine engine) implements TestTemplateInvocationContext, ParameterResolver, BeforeEachCallback, AfterEachCallback {
        @Override public String getDisplayName(int invocationIndex) {
            return "on " + engine;
        }

        @Override public List<Extension> getAdditionalExtensions() {
            return List.of(this);
        }

        @Override public void beforeEach(ExtensionContext context) {
            TestDatabases.requireReachable(engine);
        }

        @Override public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            return type == Engine.class || type == EngineUnderTest.class;
        }

        @Override public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            if (parameter.getParameter().getType() == Engine.class) return engine;
            return context.getStore(NAMESPACE).getOrComputeIfAbsent(EngineUnderTest.class, k -> new EngineUnderTest(engine), EngineUnderTest.class);
        }

        @Override public void afterEach(ExtensionContext context) {
            EngineUnderTest used = context.getStore(NAMESPACE).remove(EngineUnderTest.class, EngineUnderTest.class);
            if (used != null) used.close();
        }
    }

    /** The one invocation of an {@link OnEveryServer} test when no server engine is listed: skipped, or failed under CI. */
    private record NoServer() implements TestTemplateInvocationContext, BeforeEachCallback {
        @Override public String getDisplayName(int invocationIndex) {
            return "without a server engine";
        }

        @Override public List<Extension> getAdditionalExtensions() {
            return List.of(this);
        }

        @Override public void beforeEach(ExtensionContext context) {
            TestDatabases.unavailable("no server engine (postgresql, mariadb) is listed in " + TestDatabases.ENGINES_VARIABLE, null);
        }
    }
}
