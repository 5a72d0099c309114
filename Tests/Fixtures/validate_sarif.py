"""Validates a SARIF file against the 2.1.0 subset schema (jsonschema) plus the cross-references
GitHub code scanning relies on. Usage: validate_sarif.py SCHEMA SARIF; prints OK or the problem."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
jsonschema.Draft7Validator.check_schema(schema)
jsonschema.validate(doc, schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
for run in doc["runs"]:
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)), "duplicate rule ids"
    for rule in rules:
        for key in ("shortDescription", "fullDescription", "help"):
            assert rule[key]["text"].strip(), f"{rule['id']}: empty {key}"
    for result in run["results"]:
        assert result["ruleId"] in ids, f"unknown ruleId {result['ruleId']}"
        assert ids[result["ruleIndex"]] == result["ruleId"], "ruleIndex does not match ruleId"
        for loc in result.get("locations", []):
            uri = loc["physicalLocation"]["artifactLocation"]["uri"]
            assert not uri.startswith("/"), f"absolute uri {uri}"
print("OK", sum(len(r["results"]) for r in doc["runs"]))
