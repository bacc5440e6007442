import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Soak client for local-lambda/soak.sh (JDK only, loopback only): COUNT invocations of FUNCTION from CLIENTS threads,
 * one UpdateFunctionConfiguration (environment change: the next calls are cold) every COLD_EVERY invocations, then
 * the REPORT lines of every request id looked up in the Logs API. Prints lost REPORT lines, errors, and the warm
 * overhead (client round trip minus REPORT Duration) percentiles. Bounded by MAX_SECONDS.
 * Usage: java Soak.java ENDPOINT FUNCTION COUNT CLIENTS COLD_EVERY MAX_SECONDS
 */
public class Soak {
    static final String AUTH = "AWS4-HMAC-SHA256 Credential=soak/20260101/us-east-1/lambda/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64);
    static final Pattern DURATION = Pattern.compile("REPORT RequestId: (\\S+)\\tDuration: ([0-9.]+) ms");

    record Call(
            String requestId, double roundTripMs, double durationMs, boolean cold, int status, boolean functionError) {}

    public static void main(String[] a) throws Exception {
        String endpoint = a[0];
        String function = a[1];
        int count = Integer.parseInt(a[2]);
        int clients = Integer.parseInt(a[3]);
        int coldEvery = Integer.parseInt(a[4]);
        long maxSeconds = Long.parseLong(a[5]);
        if (!URI.create(endpoint).getHost().matches("127\\.0\\.0\\.1|localhost")) {
            throw new IllegalArgumentException("loopback only");
        }
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger colds = new AtomicInteger();
        ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        // 1769 MB = one vCPU per environment, and a timeout that a loaded machine's cold starts fit in
        update(http, endpoint, function, "0", failures);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                while (System.nanoTime() < deadline) {
                    int i = next.getAndIncrement();
                    if (i >= count) {
                        return;
                    }
                    try {
                        if (coldEvery > 0 && i > 0 && i % coldEvery == 0) {
                            // force cold starts throughout: an environment change recycles the function's environments
                            update(http, endpoint, function, Integer.toString(i), failures);
                            colds.incrementAndGet();
                        }
                        HttpRequest req = HttpRequest.newBuilder(
                                        URI.create(endpoint + "/2015-03-31/functions/" + function + "/invocations"))
                                .header("Authorization", AUTH)
                                .header("X-Amz-Log-Type", "Tail")
                                .timeout(Duration.ofSeconds(60))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"i\":" + i + "}"))
                                .build();
                        long s = System.nanoTime();
                        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                        double rt = (System.nanoTime() - s) / 1e6;
                        String tail = new String(
                                Base64.getDecoder()
                                        .decode(r.headers()
                                                .firstValue("X-Amz-Log-Result")
                                                .orElse("")),
                                StandardCharsets.UTF_8);
                        Matcher m = DURATION.matcher(tail);
                        String id = r.headers().firstValue("x-amzn-RequestId").orElse("?");
                        double d = m.find() ? Double.parseDouble(m.group(2)) : Double.NaN;
                        calls.add(new Call(
                                id,
                                rt,
                                d,
                                tail.contains("Init Duration"),
                                r.statusCode(),
                                r.headers().firstValue("X-Amz-Function-Error").isPresent()));
                        if (r.statusCode() != 200) {
                            failures.add("invoke " + r.statusCode() + " " + r.body());
                        } else if (r.headers()
                                .firstValue("X-Amz-Function-Error")
                                .isPresent()) {
                            failures.add("function error " + r.body());
                        }
                    } catch (Exception e) {
                        failures.add("invoke " + e);
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(maxSeconds + 60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - t0) / 1e9;

        // every successful call's REPORT line must be in the log group (FilterLogEvents, all pages)
        String group = logGroup(http, endpoint, function);
        Set<String> reported = new HashSet<>();
        String token = null;
        do {
            String body = "{\"logGroupName\":\"" + group + "\",\"filterPattern\":\"REPORT\",\"limit\":10000"
                    + (token == null ? "" : ",\"nextToken\":\"" + token + "\"") + "}";
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(endpoint + "/"))
                            .header("Authorization", AUTH)
                            .header("X-Amz-Target", "Logs_20140328.FilterLogEvents")
                            .header("Content-Type", "application/x-amz-json-1.1")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("REPORT RequestId: ([0-9a-f-]{36})").matcher(r.body());
            while (m.find()) {
                reported.add(m.group(1));
            }
            Matcher t = Pattern.compile("\"nextToken\":\"([^\"]+)\"").matcher(r.body());
            token = t.find() ? t.group(1) : null;
        } while (token != null);
        long ok = calls.stream().filter(c -> c.status() == 200).count();
        long lost = calls.stream()
                .filter(c -> c.status() == 200 && !reported.contains(c.requestId()))
                .count();
        long noTail = calls.stream()
                .filter(c -> c.status() == 200 && Double.isNaN(c.durationMs()))
                .count();
        List<Double> overhead = new ArrayList<>();
        List<Double> roundTrip = new ArrayList<>();
        for (Call c : calls) {
            if (c.status() != 200 || c.cold() || Double.isNaN(c.durationMs())) {
                continue;
            }
            overhead.add(c.roundTripMs() - c.durationMs());
            roundTrip.add(c.roundTripMs());
        }
        Collections.sort(overhead);
        Collections.sort(roundTrip);
        System.out.printf(
                Locale.ROOT,
                "invocations: %d in %.1f s (%.0f/s), %d clients; ok %d, function errors %d, failures %d; cold %d (forced %d)%n",
                calls.size(),
                seconds,
                calls.size() / seconds,
                clients,
                ok,
                calls.stream().filter(Call::functionError).count(),
                failures.size(),
                calls.stream().filter(Call::cold).count(),
                colds.get());
        System.out.printf(
                Locale.ROOT,
                "lost REPORT lines: %d (of %d; %d responses without a REPORT in their tail)%n",
                lost,
                ok,
                noTail);
        System.out.printf(
                Locale.ROOT,
                "warm overhead (round trip - REPORT Duration), ms: p50 %.3f  p90 %.3f  p99 %.3f  (n=%d)%n",
                pct(overhead, 50),
                pct(overhead, 90),
                pct(overhead, 99),
                overhead.size());
        System.out.printf(
                Locale.ROOT,
                "warm round trip, ms: p50 %.3f  p90 %.3f  p99 %.3f%n",
                pct(roundTrip, 50),
                pct(roundTrip, 90),
                pct(roundTrip, 99));
        failures.stream().limit(5).forEach(f -> System.out.println("failure: " + f));
        if (lost > 0 || !failures.isEmpty() || calls.size() < count) {
            System.exit(1);
        }
    }

    /** UpdateFunctionConfiguration with a new SOAK_GEN: the function's environments are recycled (next calls cold). */
    static void update(
            HttpClient http, String endpoint, String function, String gen, ConcurrentLinkedQueue<String> failures)
            throws Exception {
        String body = "{\"MemorySize\":1769,\"Timeout\":60,\"Environment\":{\"Variables\":{\"KIT_STACK\":\"local\","
                + "\"KIT_TECHNIQUE\":\"test\",\"SOAK_GEN\":\"" + gen + "\"}}}";
        HttpResponse<String> u = http.send(
                HttpRequest.newBuilder(URI.create(endpoint + "/2015-03-31/functions/" + function + "/configuration"))
                        .header("Authorization", AUTH)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (u.statusCode() != 200) {
            failures.add("update " + u.statusCode() + " " + u.body());
        }
    }

    static double pct(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static String logGroup(HttpClient http, String endpoint, String function) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(endpoint + "/2015-03-31/functions/" + function + "/configuration"))
                        .header("Authorization", AUTH)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"LogGroup\":\"([^\"]+)\"").matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no LogGroup in " + r.body());
        }
        return m.group(1);
    }
}
