package dev.supabaseops.health;

import dev.supabaseops.core.OpsException;
import dev.supabaseops.core.Redactor;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Writes a gate result as JUnit XML for Jenkins' {@code junit} step: one {@code testsuite} per
 * gate, one {@code testcase} per check, a {@code failure} (message = last reason) for each check
 * that did not pass. The classname {@code health-gate.<env>} makes Jenkins group the checks
 * under package "health-gate", class "<env>". Written with StAX, so every text is escaped.
 */
public final class JUnitReport {
    private JUnitReport() {
    }

    /** Writes the report atomically: a reader (or a failed write) never sees half a file. */
    public static void write(GateResult result, Path file) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                write(result, out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | XMLStreamException e) {
            throw OpsException.failed("cannot write the JUnit report " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temp file is hidden and harmless
                }
            }
        }
    }

    public static void write(GateResult result, OutputStream out) throws XMLStreamException {
        String classname = "health-gate." + result.environment();
        XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
        w.writeStartDocument("UTF-8", "1.0");
        w.writeCharacters("\n");
        w.writeStartElement("testsuites");
        attribute(w, "name", "supabase-ops health-gate");
        counts(w, result);
        w.writeCharacters("\n  ");
        w.writeStartElement("testsuite");
        attribute(w, "name", classname);
        counts(w, result);
        attribute(w, "skipped", "0");
        // The JUnit schema's timestamp has no zone: write UTC.
        attribute(w, "timestamp", LocalDateTime.ofInstant(result.startedAt().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC)
                .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        for (GateResult.CheckResult c : result.checks()) {
            w.writeCharacters("\n    ");
            w.writeStartElement("testcase");
            attribute(w, "classname", classname);
            attribute(w, "name", c.name());
            attribute(w, "time", seconds(c.durationMillis()));
            if (!c.passed()) {
                w.writeCharacters("\n      ");
                w.writeStartElement("failure");
                attribute(w, "message", c.lastFailure());
                attribute(w, "type", c.kind());
                text(w, c.kind() + " check: " + c.target() + "\nattempts: " + c.attempts() + " within "
                        + Durations.format(java.time.Duration.ofMillis(result.timeoutMillis()))
                        + "\nlast failure: " + c.lastFailure());
                w.writeEndElement();
                w.writeCharacters("\n    ");
            } else {
                w.writeStartElement("system-out");
                text(w, c.kind() + " check: " + c.target() + "\npassed on attempt " + c.attempts() + ": " + c.detail()
                        + (c.lastFailure() == null ? "" : "\nearlier failure: " + c.lastFailure()));
                w.writeEndElement();
            }
            w.writeEndElement();
        }
        w.writeCharacters("\n  ");
        w.writeEndElement();
        w.writeCharacters("\n");
        w.writeEndElement();
        w.writeCharacters("\n");
        w.writeEndDocument();
        w.flush();
        w.close();
    }

    private static void counts(XMLStreamWriter w, GateResult result) throws XMLStreamException {
        attribute(w, "tests", Integer.toString(result.checks().size()));
        attribute(w, "failures", Long.toString(result.failedCount()));
        attribute(w, "errors", "0");
        attribute(w, "time", seconds(result.durationMillis()));
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    private static void attribute(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeAttribute(name, xmlSafe(value));
    }

    private static void text(XMLStreamWriter w, String value) throws XMLStreamException {
        w.writeCharacters(xmlSafe(value));
    }

    /** Redacted, and without the control characters XML 1.0 cannot carry (StAX escapes but does not drop them). */
    static String xmlSafe(String value) {
        String s = Redactor.redact(value == null ? "" : value);
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            b.appendCodePoint(ok ? cp : '?');
        });
        return b.toString();
    }
}
