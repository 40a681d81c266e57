import dev.supabaseops.library.StepCatalog

/*
 * Readable text of step results for an input message or a build description:
 *   env.PLAN = supabaseOpsSummary(push: pushPlan, sync: syncPlan)
 * Each named result Map is printed as indented "key: value" lines, at most maxLines (default 60).
 */
String call(Map results, int maxLines = 60) {
    return StepCatalog.summary(results, maxLines)
}
