package org.athanor.setup.install;

import java.nio.file.Path;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.config.DatabaseDriver;
import org.athanor.databox.Databoxes;
import org.athanor.databox.StructureTemplate;
import org.athanor.db.Engine;

/**
 * What system:install needs. Checked on construction, before anything is touched.
 *
 * @param configFile where configuration.yml is written (normally {@code <program>/config/configuration.yml})
 * @param programHome the program folder; the data path may not be inside it
 */
public record InstallRequest(String adminEmail, String adminPassword, DatabaseDriver driver, String dbHost, Integer dbPort,
                             String dbUser, String dbPassword, String appboxName, String databoxName,
                             StructureTemplate template, Path dataPath, String serverName, String httpHost, int httpPort,
                             String language, Path configFile, Path programHome, boolean force) {
    public InstallRequest {
        if (adminEmail == null || !adminEmail.matches("[^@\\s]+@[^@\\s]+"))
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--email '" + adminEmail + "': give the admin's address, e.g. --email admin@example.org");
        org.athanor.appbox.Passwords.check(adminPassword);
        if (driver == null) driver = DatabaseDriver.H2;
        if (appboxName == null || appboxName.isBlank()) appboxName = "ab_athanor";
        if (databoxName == null || databoxName.isBlank()) databoxName = "db_athanor";
        Databoxes.checkName(appboxName);
        Databoxes.checkName(databoxName);
        if (appboxName.equalsIgnoreCase(databoxName))
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--appbox and --databox are both '" + appboxName + "': each box needs its own database");
        if (template == null) template = StructureTemplate.EN_SIMPLE;
        programHome = programHome.toAbsolutePath().normalize();
        if (dataPath == null) dataPath = programHome.resolveSibling("athanor-data");
        dataPath = dataPath.toAbsolutePath().normalize();
        if (dataPath.startsWith(programHome))
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--data-path " + dataPath + " is inside the program folder " + programHome
                    + ": an upgrade replaces that folder and would strand the documents. Choose a folder outside it, e.g. --data-path "
                    + programHome.resolveSibling("athanor-data"));
        if (driver != DatabaseDriver.H2) {
            if (dbHost == null || dbHost.isBlank()) dbHost = "127.0.0.1";
            if (dbPort == null) dbPort = engine(driver).defaultPort();
            if (dbUser == null || dbUser.isBlank())
                throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--db-user is required with --db-driver " + driver.yamlName() + " (e.g. --db-user athanor)");
            if (dbPassword == null) dbPassword = "";
        }
        if (httpPort < 1 || httpPort > 65535)
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--http-port " + httpPort + ": use a port from 1 to 65535, e.g. 8080");
        if (httpHost == null || httpHost.isBlank()) httpHost = "127.0.0.1";
        if (serverName == null || serverName.isBlank()) serverName = "http://" + httpHost + ":" + httpPort + "/";
        if (!serverName.matches("https?://.+"))
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--server-name '" + serverName + "': give the public URL, e.g. https://dam.example.org/");
        if (language == null || language.isBlank()) language = "en";
        configFile = configFile.toAbsolutePath().normalize();
    }

    /** The database engine of a configuration driver. */
    public static Engine engine(DatabaseDriver driver) {
        return switch (driver) {
            case H2 -> Engine.H2;
            case POSTGRESQL -> Engine.POSTGRESQL;
            case MARIADB -> Engine.MARIADB;
        };
    }
}
