#!/usr/bin/env python3
"""Parse a Prometheus text exposition (format 0.0.4) with the Prometheus project's own Python
parser (Debian's python3-prometheus-client) and print one sample per line:

    <type> TAB <name> TAB <labels as sorted JSON> TAB <value>

Usage: parse_metrics.py FILE. Exits 1 (with the parser's error) when the text does not parse.
"""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    for family in text_string_to_metric_families(text):
        if not family.documentation:
            raise SystemExit("no HELP for " + family.name)
        for sample in family.samples:
            print(family.type, sample.name, json.dumps(sample.labels, sort_keys=True, separators=(",", ":")),
                  repr(float(sample.value)), sep="\t")


if __name__ == "__main__":
    main()
