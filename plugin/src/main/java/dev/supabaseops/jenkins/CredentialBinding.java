package dev.supabaseops.jenkins;

import dev.supabaseops.core.Environments;

import java.io.Serializable;
import java.util.Locale;

/**
 * One Jenkins credential to bind to one variable of the configuration contract, e.g. credential
 * {@code supabase-prod-db-password} to {@code SUPABASE_PROD_DB_PASSWORD}: the same pairs the shared
 * library's {@code withCredentials} binds. Every binding must resolve: a missing credential fails the
 * step, as {@code withCredentials} does.
 *
 * @param variable      the environment variable the engine reads
 * @param credentialsId the Jenkins credential id
 * @param kind          what the value is, and so which kinds of Jenkins credential may hold it
 */
public record CredentialBinding(String variable, String credentialsId, Kind kind) implements Serializable {

    /**
     * The secrets of the configuration contract, as {@code steps.json}'s {@code credentialKinds}
     * names them: the variable they fill and the shared library's conventional credential id.
     */
    public enum Kind {
        // A URL is not masked whole: its password is (URL rule of Redactor, and registered when parsed),
        // while host and database stay readable in connection errors.
        DB_URL("dbUrl", "SUPABASE_%s_DB_URL", "supabase-%s-db-url", false, false),
        // A database password is often stored as "Username with password"; its password part is used.
        DB_PASSWORD("dbPassword", "SUPABASE_%s_DB_PASSWORD", "supabase-%s-db-password", true, true),
        SERVICE_ROLE_KEY("serviceRoleKey", "SUPABASE_%s_SERVICE_ROLE_KEY", "supabase-%s-service-role-key", false, true),
        API_URL("apiUrl", "SUPABASE_%s_URL", "supabase-%s-url", false, false);

        private final String key;
        private final String variable;
        private final String convention;
        private final boolean passwordAllowed;
        private final boolean secretValue;

        Kind(String key, String variable, String convention, boolean passwordAllowed, boolean secretValue) {
            this.key = key;
            this.variable = variable;
            this.convention = convention;
            this.passwordAllowed = passwordAllowed;
            this.secretValue = secretValue;
        }

        /** The whole value is a secret, masked wherever it appears. */
        public boolean secretValue() {
            return secretValue;
        }

        /** The name in steps.json, e.g. {@code dbUrl}. */
        public String key() {
            return key;
        }

        /** Also accepts "Username with password" credentials (their password part). */
        public boolean passwordAllowed() {
            return passwordAllowed;
        }

        public String variable(String environment) {
            return String.format(variable, Environments.key(environment));
        }

        public String conventionalId(String environment) {
            return String.format(convention, environment.toLowerCase(Locale.ROOT));
        }

        /**
         * The step argument naming this credential for an environment argument: {@code dbUrlCredentialsId}
         * for {@code env}, {@code fromDbUrlCredentialsId} for {@code from}.
         */
        public String argument(String environmentArgument) {
            String suffix = key + "CredentialsId";
            return environmentArgument.equals("env") ? suffix
                    : environmentArgument + Character.toUpperCase(suffix.charAt(0)) + suffix.substring(1);
        }
    }

    /**
     * The binding for one credential argument, with the shared library's rules: a given id is used
     * ({@code ''} binds nothing); without one, a required credential binds the conventional id and an
     * optional one binds nothing. Returns null when nothing is bound.
     *
     * @param environment the environment name (an {@code env}, {@code from} or {@code to} value), or
     *                    null when the step has no such environment (then nothing is bound)
     */
    static CredentialBinding of(Kind kind, String environment, String argumentId, boolean required) {
        if (environment == null || environment.isBlank()) {
            return null;
        }
        String id = argumentId != null ? argumentId.strip() : required ? kind.conventionalId(environment) : "";
        return id.isEmpty() ? null : new CredentialBinding(kind.variable(environment), id, kind);
    }
}
