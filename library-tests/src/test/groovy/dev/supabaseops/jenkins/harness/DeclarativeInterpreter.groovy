package dev.supabaseops.jenkins.harness

import com.lesfurets.jenkins.unit.PipelineTestHelper

/**
 * Interprets a declarative {@code pipeline {}} block the way Pipeline: Declarative runs it
 * (JenkinsPipelineUnit 1.1, the last release on Maven Central, has no declarative support):
 * the sections are first collected into a model, then run: {@code environment}, stages in order
 * (nested {@code stages}, {@code when}, stage {@code options} such as {@code lock} and {@code timeout},
 * stage {@code post}), a failed or aborted stage skips the rest, and {@code post} conditions run on
 * the build result ({@code always}, {@code success}, {@code failure}, {@code unstable}, {@code aborted},
 * {@code unsuccessful}, then {@code cleanup}).
 */
class DeclarativeInterpreter {
    private static final List<String> POST_ORDER = ['always', 'changed', 'fixed', 'regression', 'aborted',
                                                    'failure', 'success', 'unstable', 'unsuccessful', 'cleanup']

    private final PipelineHarness h
    private PipelineTestHelper helper
    private Binding binding
    private final Deque<Object> collecting = new ArrayDeque<>()

    /** The collected pipeline: what tests assert the structure on. */
    Section model
    final List<String> stagesRun = []
    final List<String> stagesSkipped = []

    DeclarativeInterpreter(PipelineHarness h) {
        this.h = h
    }

    void register(PipelineTestHelper helper, Binding binding) {
        this.helper = helper
        this.binding = binding
        binding.setVariable('any', 'any')
        binding.setVariable('none', 'none')
        helper.registerAllowedMethod('pipeline', [Closure], { Closure c -> pipeline(c) })
        helper.registerAllowedMethod('agent', [Object], { Object a -> section().agent = a })
        helper.registerAllowedMethod('agent', [Closure], { Closure c -> section().agent = 'closure' })
        helper.registerAllowedMethod('options', [Closure], { Closure c -> collect(section().options, c) })
        helper.registerAllowedMethod('triggers', [Closure], { Closure c -> collect(section().triggers, c) })
        helper.registerAllowedMethod('environment', [Closure], { Closure c -> section().environment = c })
        helper.registerAllowedMethod('stages', [Closure], { Closure c -> collect(section().stages, c) })
        helper.registerAllowedMethod('stage', [String, Closure], { String name, Closure c -> stage(name, c) })
        helper.registerAllowedMethod('steps', [Closure], { Closure c -> section().steps = c })
        helper.registerAllowedMethod('when', [Closure], { Closure c -> section().when = c })
        helper.registerAllowedMethod('post', [Closure], { Closure c -> collect(section().post, c) })
        POST_ORDER.each { String condition ->
            helper.registerAllowedMethod(condition, [Closure], { Closure c -> ((Map) collecting.peek())[condition] = c })
        }
        helper.registerAllowedMethod('script', [Closure], { Closure c -> helper.callClosure(c) })

        // options / triggers entries (recorded) and their step forms (run)
        helper.registerAllowedMethod('timeout', [Map], { Map m -> option([timeout: m]) })
        helper.registerAllowedMethod('timeout', [Map, Closure], { Map m, Closure c -> helper.callClosure(c) })
        helper.registerAllowedMethod('disableConcurrentBuilds', [], { -> option([disableConcurrentBuilds: true]) })
        helper.registerAllowedMethod('disableConcurrentBuilds', [Map], { Map m -> option([disableConcurrentBuilds: m]) })
        helper.registerAllowedMethod('buildDiscarder', [Object], { Object o -> option([buildDiscarder: o]) })
        helper.registerAllowedMethod('logRotator', [Map], { Map m -> m })
        helper.registerAllowedMethod('timestamps', [], { -> option([timestamps: true]) })
        helper.registerAllowedMethod('cron', [String], { String s -> option([cron: s]) })
        helper.registerAllowedMethod('lock', [String], { String r -> option([lock: r]) })
        helper.registerAllowedMethod('lock', [String, Closure], { String r, Closure c -> lock(r) { helper.callClosure(c) } })
        helper.registerAllowedMethod('lock', [Map, Closure], { Map m, Closure c -> lock(m.resource as String) { helper.callClosure(c) } })

        // when conditions
        helper.registerAllowedMethod('expression', [Closure], { Closure c -> condition(helper.callClosure(c) as boolean) })
        helper.registerAllowedMethod('branch', [String], { String b -> condition(b == h.env.BRANCH_NAME) })
        helper.registerAllowedMethod('environment', [Map], { Map m -> condition(h.env[m.name as String] == m.value) })
        helper.registerAllowedMethod('not', [Closure], { Closure c -> condition(!all(c)) })
        helper.registerAllowedMethod('allOf', [Closure], { Closure c -> condition(all(c)) })
        helper.registerAllowedMethod('anyOf', [Closure], { Closure c -> condition(conditions(c).any()) })
    }

    private Section section() {
        Object top = collecting.peek()
        if (!(top instanceof Section)) {
            throw new IllegalStateException('declarative section used outside pipeline/stage')
        }
        return (Section) top
    }

    private void collect(Object container, Closure c) {
        collecting.push(container)
        try {
            helper.callClosure(c)
        } finally {
            collecting.pop()
        }
    }

    private void option(Map entry) {
        Object top = collecting.peek()
        if (!(top instanceof List)) {
            throw new IllegalStateException("${entry.keySet()[0]} is an options/triggers entry here")
        }
        ((List) top) << entry
    }

    private void condition(boolean value) {
        ((List) collecting.peek()) << value
    }

    private List<Boolean> conditions(Closure c) {
        List<Boolean> results = []
        collect(results, c)
        return results
    }

    private boolean all(Closure c) {
        return conditions(c).every()
    }

    private Object stage(String name, Closure c) {
        Object[] stack = collecting.toArray() // top first
        boolean declarative = stack.length >= 2 && stack[0] instanceof List && stack[1] instanceof Section &&
                ((Section) stack[1]).stages.is(stack[0])
        if (declarative) {
            Section s = new Section(name: name)
            collect(s, c)
            ((List) stack[0]) << s
            return null
        }
        // a scripted stage
        h.append("[Pipeline] stage (${name})")
        stagesRun << name
        return helper.callClosure(c)
    }

    private void pipeline(Closure c) {
        model = new Section(name: 'pipeline')
        collect(model, c)
        h.append('[Pipeline] Start of Pipeline')
        try {
            withOptions(model.options) {
                applyEnvironment(model.environment)
                runStages(model.stages)
            }
        } catch (StageFailed ignored) {
            // recorded where it happened
        } catch (Throwable t) {
            h.fail(t)
        }
        runPost(model.post, h.currentBuild.currentResult as String)
        h.append('[Pipeline] End of Pipeline')
        h.currentBuild.result = h.currentBuild.currentResult
    }

    private void runStages(List<Section> stages) {
        for (Section s : stages) {
            if (h.currentBuild.currentResult in ['FAILURE', 'ABORTED']) {
                stagesSkipped << s.name
                h.append("Stage \"${s.name}\" skipped due to earlier failure(s)")
                continue
            }
            runStage(s)
        }
    }

    private void runStage(Section s) {
        if (s.when != null && !all(s.when)) {
            stagesSkipped << s.name
            h.append("Stage \"${s.name}\" skipped due to when conditional")
            return
        }
        h.append("[Pipeline] stage (${s.name})")
        stagesRun << s.name
        try {
            withOptions(s.options) {
                applyEnvironment(s.environment)
                if (s.steps != null) {
                    helper.callClosure(s.steps)
                }
                runStages(s.stages)
            }
        } catch (Throwable t) {
            if (!(t instanceof StageFailed)) {
                h.fail(t)
            }
            runPost(s.post, h.currentBuild.currentResult as String)
            throw t instanceof StageFailed ? t : new StageFailed(t)
        }
        runPost(s.post, h.currentBuild.currentResult as String)
    }

    private void withOptions(List<Map> options, Closure body) {
        Map lockOption = options.find { it.lock }
        if (lockOption) {
            lock(lockOption.lock as String, body)
        } else {
            body()
        }
    }

    private Object lock(String resource, Closure body) {
        h.locks << resource
        h.append("Trying to acquire lock on [Resource: ${resource}]")
        try {
            return body()
        } finally {
            h.append("Lock released on resource [Resource: ${resource}]")
        }
    }

    /** environment { NAME = value }: the assignments land in the binding; move them to env. */
    private void applyEnvironment(Closure c) {
        if (c == null) {
            return
        }
        Set<String> before = new HashSet<>(binding.variables.keySet())
        helper.callClosure(c)
        for (String name : new ArrayList<>(binding.variables.keySet())) {
            if (!before.contains(name)) {
                h.env[name] = String.valueOf(binding.getVariable(name))
                binding.variables.remove(name)
            }
        }
    }

    private void runPost(Map<String, Closure> post, String result) {
        for (String condition : POST_ORDER) {
            Closure c = post[condition]
            boolean applies = condition in ['always', 'cleanup'] ||
                    (condition == 'success' && result == 'SUCCESS') ||
                    (condition == 'failure' && result == 'FAILURE') ||
                    (condition == 'unstable' && result == 'UNSTABLE') ||
                    (condition == 'aborted' && result == 'ABORTED') ||
                    (condition == 'unsuccessful' && result != 'SUCCESS')
            if (c != null && applies) {
                h.append("[Pipeline] post (${condition})")
                try {
                    helper.callClosure(c)
                } catch (Throwable t) {
                    h.fail(t)
                }
            }
        }
    }

    /** A pipeline or a stage, as collected. */
    static class Section {
        String name
        Object agent
        List<Map> options = []
        List<Map> triggers = []
        Closure environment
        Closure when
        Closure steps
        List<Section> stages = []
        Map<String, Closure> post = [:]

        Section stage(String stageName) {
            for (Section s : stages) {
                if (s.name == stageName) {
                    return s
                }
                Section nested = s.stage(stageName)
                if (nested != null) {
                    return nested
                }
            }
            return null
        }
    }

    /** Marks a stage failure already recorded, so outer stages do not record it again. */
    static class StageFailed extends RuntimeException {
        StageFailed(Throwable cause) {
            super(cause.message, cause)
        }
    }
}
