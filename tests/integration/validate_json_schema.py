#!/usr/bin/python3
"""usage: validate_json_schema.py SCHEMA.json DOCUMENT.json

Validates a document against a JSON schema (Debian's python3-jsonschema) and prints each
violation with its path; exits 1 when there is one."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
document = json.load(open(sys.argv[2]))
validator = jsonschema.validators.validator_for(schema)(schema)
errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
for error in errors:
    print("/".join(map(str, error.absolute_path)) + ": " + error.message)
sys.exit(1 if errors else 0)
