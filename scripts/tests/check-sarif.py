#!/usr/bin/env python3
"""Check a SARIF file for the 2.1.0 fields GitHub code scanning requires.

usage: check-sarif.py FILE [RESULTS]   (RESULTS: the expected result count)
"""
import json
import sys


def main():
    doc = json.load(open(sys.argv[1]))
    assert doc["version"] == "2.1.0", "version"
    assert "sarif-2.1.0" in doc["$schema"], "$schema"
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "devmap-lint"
    rule_ids = [r["id"] for r in driver["rules"]]
    for r in driver["rules"]:
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"]
        assert r["help"]["text"], "rule docs from rules/ in help"
    for res in run["results"]:
        assert res["ruleId"] in rule_ids, res["ruleId"]
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] in ("warning", "error", "note")
        assert res["message"]["text"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] and not loc["artifactLocation"]["uri"].startswith("/")
        assert loc["region"]["startLine"] >= 1
        assert res["partialFingerprints"]
    if len(sys.argv) > 2:
        assert len(run["results"]) == int(sys.argv[2]), len(run["results"])


if __name__ == "__main__":
    try:
        main()
    except (AssertionError, KeyError, IndexError, ValueError) as e:
        print(f"check-sarif: {e!r}", file=sys.stderr)
        sys.exit(1)
