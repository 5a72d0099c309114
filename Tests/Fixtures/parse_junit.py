"""Parses a JUnit XML file with junitparser and prints one line per case:
suite|classname|name|outcome|message. Usage: parse_junit.py FILE"""
import sys

from junitparser import Error, Failure, JUnitXml, Skipped

xml = JUnitXml.fromfile(sys.argv[1])
for suite in xml:
    for case in suite:
        outcome, message = "passed", ""
        for result in case.result:
            if isinstance(result, Failure):
                outcome, message = "failure", result.message
            elif isinstance(result, Error):
                outcome, message = "error", result.message
            elif isinstance(result, Skipped):
                outcome, message = "skipped", result.message
        print(f"{suite.name}|{case.classname}|{case.name}|{outcome}|{message}")
