package dev.supabaseops.jenkins.harness

import com.lesfurets.jenkins.unit.global.lib.SourceRetriever

/** The library under test is the repository itself (vars/, src/, resources/ at its root). */
class RepositorySource implements SourceRetriever {
    private final File root

    RepositorySource(File root) {
        this.root = root
    }

    @Override
    List<URL> retrieve(String repository, String branch, String targetPath) throws IllegalStateException {
        return [root.toURI().toURL()]
    }
}
