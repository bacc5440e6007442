package tuning.jvmoptions;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.NodeList;

/**
 * Work that is mostly first-time code: it loads and runs hundreds of JDK classes (XML parser, XPath, java.time, regex) once,
 * the way a framework's start-up does. What costs here is the interpreter and how soon the JIT steps in, which is what the
 * JIT settings change.
 */
final class StartupHeavyWork {
    private StartupHeavyWork() {}

    static long run(int orders) {
        StringBuilder xml = new StringBuilder("<orders>");
        for (int i = 0; i < orders; i++) {
            xml.append("<order id=\"")
                    .append(i)
                    .append("\" at=\"")
                    .append(Instant.ofEpochSecond(1_700_000_000L + i * 3600L))
                    .append("\"><total>")
                    .append(String.format("%.2f", i * 1.25))
                    .append("</total></order>");
        }
        xml.append("</orders>");
        try {
            var document = DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.toString().getBytes(StandardCharsets.UTF_8)));
            NodeList totals = (NodeList) XPathFactory.newInstance()
                    .newXPath()
                    .evaluate("/orders/order/total", document, XPathConstants.NODESET);
            DateTimeFormatter day = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
            Pattern cents = Pattern.compile("(\\d+)[.,](\\d{2})");
            long sum = 0;
            for (int i = 0; i < totals.getLength(); i++) {
                Matcher m = cents.matcher(totals.item(i).getTextContent());
                if (m.matches()) {
                    sum += Long.parseLong(m.group(1)) * 100 + Long.parseLong(m.group(2));
                }
                sum += day.format(Instant.ofEpochSecond(1_700_000_000L + i * 3600L))
                        .length();
            }
            return sum;
        } catch (Exception e) {
            throw new IllegalStateException("the start-up-heavy path failed: " + e, e);
        }
    }
}
