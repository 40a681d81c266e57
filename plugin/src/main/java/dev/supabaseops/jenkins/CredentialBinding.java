package dev.supabaseops.jenkins;

import java.io.Serializable;

/**
 * One Jenkins credential to bind to one variable of the configuration contract, e.g. credential
 * {@code supabase-prod-db-password} to {@code SUPABASE_PROD_DB_PASSWORD}: the same pairs the shared
 * library's {@code withCredentials} binds.
 *
 * @param variable      the environment variable the engine reads
 * @param credentialsId the Jenkins credential id
 * @param explicit      true when the id came from a step argument: then a missing credential is an
 *                      error; a conventional id that does not exist is skipped, so the value may come
 *                      from the build's environment or the configuration file instead
 * @param kind          what kinds of credential may hold the value
 */
public record CredentialBinding(String variable, String credentialsId, boolean explicit, Kind kind)
        implements Serializable {

    /** Kinds of credential a value may be stored in. */
    public enum Kind {
        /** "Secret text" only (a URL, a service_role key). */
        SECRET_TEXT,
        /** "Secret text", or "Username with password" whose password part is used (a database password). */
        SECRET_TEXT_OR_PASSWORD
    }

    /** The argument's id if given, else the conventional one. */
    static CredentialBinding of(String variable, String argumentId, String conventionalId, Kind kind) {
        boolean explicit = argumentId != null && !argumentId.isBlank();
        return new CredentialBinding(variable, explicit ? argumentId.strip() : conventionalId, explicit, kind);
    }
}
