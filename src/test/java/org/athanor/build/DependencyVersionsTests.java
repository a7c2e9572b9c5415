package org.athanor.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The libraries on the class path are the fixed versions")
class DependencyVersionsTests {
    @Test @DisplayName("Logback is 1.5.19 or newer (CVE-2025-11226 fixed), on the 1.5 line")
    void logback() throws Exception {
        String v = version("ch.qos.logback", "logback-classic");
        assertThat(v).startsWith("1.5.");
        assertThat(Integer.parseInt(v.substring("1.5.".length()))).isGreaterThanOrEqualTo(19);
        assertThat(version("ch.qos.logback", "logback-core")).isEqualTo(v);
    }

    @Test @DisplayName("jackson-databind is newer than 2.21.0, and the YAML and time modules are at the same version")
    void jackson() throws Exception {
        String v = version("com.fasterxml.jackson.core", "jackson-databind");
        assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.compareTo(
                new com.fasterxml.jackson.core.Version(2, 21, 0, null, "com.fasterxml.jackson.core", "jackson-databind"))).isPositive();
        assertThat(version("com.fasterxml.jackson.dataformat", "jackson-dataformat-yaml")).isEqualTo(v);
        assertThat(version("com.fasterxml.jackson.datatype", "jackson-datatype-jsr310")).isEqualTo(v);
    }

    @Test @DisplayName("Jetty is 12.1.14, every module alike")
    void jetty() {
        assertThat(org.eclipse.jetty.util.Jetty.VERSION).isEqualTo("12.1.14");
        assertThat(org.eclipse.jetty.server.Server.getVersion()).isEqualTo("12.1.14");
    }

    @Test @DisplayName("Jetty's WebSocket, annotations, plus, JNDI and webapp modules are not shipped")
    void unusedJettyModulesAbsent() {
        for (String name : new String[] {"org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet",
                "org.eclipse.jetty.annotations.AnnotationParser", "org.eclipse.jetty.plus.jndi.NamingEntry",
                "org.eclipse.jetty.jndi.InitialContextFactory", "org.eclipse.jetty.ee10.webapp.WebAppContext"}) {
            assertThatThrownBy(() -> Class.forName(name)).as(name).isInstanceOf(ClassNotFoundException.class);
        }
    }

    private static String version(String group, String artifact) throws Exception {
        String resource = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = DependencyVersionsTests.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource + " on the class path").isNotNull();
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        }
    }
}
