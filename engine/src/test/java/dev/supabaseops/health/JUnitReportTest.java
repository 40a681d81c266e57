package dev.supabaseops.health;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The XML Jenkins' junit step reads: parsed back, counts consistent, failures where checks failed. */
class JUnitReportTest {
    @TempDir
    Path dir;

    static Document parse(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    /** Asserts the invariants Jenkins relies on and returns the single testsuite. */
    static Element assertConsistent(Document doc) {
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        NodeList suites = root.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(1);
        Element suite = (Element) suites.item(0);
        NodeList cases = suite.getElementsByTagName("testcase");
        int failures = suite.getElementsByTagName("failure").getLength();
        assertThat(Integer.parseInt(suite.getAttribute("tests"))).isEqualTo(cases.getLength());
        assertThat(Integer.parseInt(suite.getAttribute("failures"))).isEqualTo(failures);
        assertThat(suite.getAttribute("errors")).isEqualTo("0");
        assertThat(suite.getAttribute("skipped")).isEqualTo("0");
        assertThat(root.getAttribute("tests")).isEqualTo(suite.getAttribute("tests"));
        assertThat(root.getAttribute("failures")).isEqualTo(suite.getAttribute("failures"));
        assertThat(suite.getAttribute("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            assertThat(c.getAttribute("name")).isNotEmpty();
            assertThat(c.getAttribute("classname")).isEqualTo(suite.getAttribute("name"));
            assertThat(Double.parseDouble(c.getAttribute("time"))).isGreaterThanOrEqualTo(0);
            assertThat(c.getElementsByTagName("failure").getLength()).isLessThanOrEqualTo(1);
        }
        return suite;
    }

    @Test
    void oneTestcasePerCheckAndAFailureForEachFailedOne() throws Exception {
        String nasty = "HTTP 500 but /msg is \"<b>&'\u0001\" (expected \"ok\")";
        GateResult result = new GateResult("prod", false, Instant.parse("2024-05-01T10:15:30.123Z"), 12_345, 300_000, List.of(
                new GateResult.CheckResult("api", "http", "GET https://app.example.com/health expecting status 200", true, 3,
                        2_500, "HTTP 503 (expected 200)", "HTTP 200"),
                new GateResult.CheckResult("rls", "rls", "row level security on every table in public", false, 30,
                        12_345, "row level security is disabled on 1 table: public.plans", "row level security is disabled on 1 table: public.plans"),
                new GateResult.CheckResult("<weird & name>", "http", "GET https://x.example/", false, 1, 10, nasty, nasty)));
        Path file = dir.resolve("reports/health.xml");
        JUnitReport.write(result, file);

        Element suite = assertConsistent(parse(file));
        assertThat(suite.getAttribute("name")).isEqualTo("health-gate.prod");
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(suite.getAttribute("time")).isEqualTo("12.345");
        assertThat(suite.getAttribute("timestamp")).isEqualTo("2024-05-01T10:15:30");
        NodeList cases = suite.getElementsByTagName("testcase");
        Element api = (Element) cases.item(0);
        assertThat(api.getAttribute("name")).isEqualTo("api");
        assertThat(api.getAttribute("time")).isEqualTo("2.500");
        assertThat(api.getElementsByTagName("failure").getLength()).isZero();
        assertThat(api.getElementsByTagName("system-out").item(0).getTextContent())
                .contains("passed on attempt 3: HTTP 200").contains("earlier failure: HTTP 503 (expected 200)");
        Element rlsFailure = (Element) ((Element) cases.item(1)).getElementsByTagName("failure").item(0);
        assertThat(rlsFailure.getAttribute("message")).isEqualTo("row level security is disabled on 1 table: public.plans");
        assertThat(rlsFailure.getAttribute("type")).isEqualTo("rls");
        assertThat(rlsFailure.getTextContent()).contains("attempts: 30 within 5m00s");
        Element weird = (Element) cases.item(2);
        assertThat(weird.getAttribute("name")).isEqualTo("<weird & name>");
        assertThat(((Element) weird.getElementsByTagName("failure").item(0)).getAttribute("message"))
                .isEqualTo("HTTP 500 but /msg is \"<b>&'?\" (expected \"ok\")"); // the control character cannot be in XML 1.0
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file); // no temp file left behind
        }
    }
}
