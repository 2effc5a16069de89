package dev.postern.check;

import dev.postern.check.ExpectedRecord.Status;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/** What {@code postern check} found, and how it is printed. */
public record Report(List<Finding> config, List<Finding> certificate, List<DomainRecords> domains,
                     Optional<String> dnsUnreachable) {

    public record DomainRecords(String domain, List<Judged> records) {}

    public record Judged(ExpectedRecord record, Status status) {}

    /** Errors, and records missing or different: what an admin has to act on. Warnings are not counted. */
    public long problems() {
        long findings = java.util.stream.Stream.concat(config.stream(), certificate.stream())
                .filter(f -> f.severity() == Finding.Severity.ERROR).count();
        long records = domains.stream().flatMap(d -> d.records().stream())
                .filter(j -> j.status() instanceof Status.Missing || j.status() instanceof Status.Different).count();
        return findings + records;
    }

    public void print(PrintWriter out) {
        out.println("configuration");
        config.forEach(f -> finding(out, f));
        out.println("certificate");
        certificate.forEach(f -> finding(out, f));
        for (DomainRecords domain : domains) {
            out.println("DNS records to publish for " + domain.domain());
            int name = domain.records().stream().mapToInt(j -> j.record().name().length()).max().orElse(0);
            int data = domain.records().stream().mapToInt(j -> j.record().data().length()).max().orElse(0);
            for (Judged j : domain.records()) {
                record(out, j, name, data);
            }
        }
        dnsUnreachable.ifPresent(why -> out.println("DNS did not answer (" + why
                + "): the records above are not checked; dns.servers names the servers asked"));
        long problems = problems();
        String unchecked = dnsUnreachable.isPresent() || domains.stream().flatMap(d -> d.records().stream())
                .anyMatch(j -> j.status() instanceof Status.NotChecked) ? " (DNS records not checked)" : "";
        out.println((problems == 0 ? "no problems found" : problems + (problems == 1 ? " problem" : " problems")
                + " found") + unchecked);
    }

    private static void finding(PrintWriter out, Finding f) {
        out.printf("  %-9s %s%n", f.severity().name().toLowerCase(java.util.Locale.ROOT), f.text());
    }

    private static void record(PrintWriter out, Judged j, int width, int dataWidth) {
        var r = j.record();
        String status = switch (j.status()) {
            case Status.Published p -> "ok";
            case Status.Missing m -> "MISSING";
            case Status.Different d -> "DIFFERS";
            case Status.NotChecked n -> "-";
        };
        out.printf("  %-9s %-" + width + "s  %-5s %-" + dataWidth + "s  ; %s%n", status, r.name(), r.type(), r.data(),
                r.purpose());
        if (j.status() instanceof Status.Different d) {
            d.found().forEach(found -> out.printf("  %-9s %" + width + "s  found %s%n", "", "", found));
        }
    }
}
