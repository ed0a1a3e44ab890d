#!/usr/bin/env python3
"""validate_sarif.py SCHEMA LOG: validates a SARIF log against the SARIF 2.1.0
JSON schema (Debian's python3-jsonschema) and prints the first error."""
import json
import sys

import jsonschema

with open(sys.argv[1], encoding="utf-8") as f:
    schema = json.load(f)
with open(sys.argv[2], encoding="utf-8") as f:
    log = json.load(f)
validator = jsonschema.validators.validator_for(schema)(schema)
errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
if errors:
    e = errors[0]
    sys.stderr.write("invalid SARIF at /%s: %s\n" % ("/".join(map(str, e.path)), e.message))
    sys.exit(1)
print("valid SARIF 2.1.0: %d result(s)" % sum(len(r.get("results", [])) for r in log["runs"]))
