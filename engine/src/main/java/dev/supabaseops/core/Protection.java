package dev.supabaseops.core;

/**
 * The {@code protected: true} rule of the configuration contract: work that changes a protected
 * environment must name it again ({@code --confirm prod}), so a copy-pasted command or a wrong
 * variable cannot hit production by accident. Refusal is exit 3.
 */
public final class Protection {
    private Protection() {
    }

    public static void requireConfirmed(String environment, boolean isProtected, String confirm) {
        if (isProtected && !environment.equals(confirm)) {
            throw OpsException.refused("environment '" + environment + "' is protected: pass --confirm "
                    + environment + " to change it");
        }
    }
}
