package dev.supabaseops.storage;

import dev.supabaseops.core.OpsException;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the Storage key out of the JDK's HTTP debug log. The JSON calls and downloads go through the
 * JDK's {@code HttpURLConnection}, which logs every request's headers, {@code apikey} and
 * {@code Authorization} among them, on the java.util.logging logger
 * {@value #LOGGER} at {@code FINE} (JDK 17's {@code HttpURLConnection.writeRequests}:
 * {@code logger.fine(requests.toString())}). Jenkins admins turn that logger up to debug proxies
 * (a log recorder on {@code sun.net.www.protocol.http}, or on everything), and then the key would be
 * in the log. So while it is loggable at {@code FINE}, requests are refused with a usage error
 * that says which logger to lower.
 */
public final class JdkHttpLogging {
    static final String LOGGER = "sun.net.www.protocol.http.HttpURLConnection";

    private static volatile boolean configuredOnlyByProperties;

    private JdkHttpLogging() {
    }

    /**
     * For a JVM in which no code changes java.util.logging, so that only the standard
     * {@code java.util.logging.config.file}/{@code .config.class} properties can turn that logger
     * up (the CLI's own JVM). Without either property the check then costs nothing: asking
     * java.util.logging would start its {@code LogManager}, ~15 ms of a short command's start-up,
     * and the JDK's own loggers stay at {@code INFO} until configured.
     */
    public static void configuredOnlyByProperties() {
        configuredOnlyByProperties = true;
    }

    /** Throws a usage error when the JDK would log the headers of the next request. */
    static void refuseIfHeadersWouldBeLogged() {
        if (configuredOnlyByProperties && System.getProperty("java.util.logging.config.file") == null
                && System.getProperty("java.util.logging.config.class") == null) {
            return;
        }
        if (Logger.getLogger(LOGGER).isLoggable(Level.FINE)) {
            throw OpsException.usage("java.util.logging has " + LOGGER + " at FINE or finer, where the JDK logs every "
                    + "request's headers with the Storage API key: set it (or the parent logger that sets it) to INFO, "
                    + "in Jenkins under Manage Jenkins > System Log, and run again");
        }
    }
}
