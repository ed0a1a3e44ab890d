#!/usr/bin/env python3
"""Validate checks/blocking_catalog.json against its schema, strictly.

Usage: validate_catalog.py <catalog.json>

Prints one line per problem and exits 1 when there is any; exits 0 when the
catalogue is valid. The schema is the one the check
concur-blocking-call-in-coroutine loads (see docs/catalog.md).
"""

import json
import re
import sys

KINDS = ("function", "method", "constructor")
CATEGORIES = ("sleep", "network", "file", "process", "dns", "wait", "database", "http", "ipc")
CERTAINTIES = ("certain", "likely", "may")
FIXES = ("sleep_seconds", "sleep_microseconds", "sleep_milliseconds", "sleep_duration",
         "sleep_until", "offload", "none")
SLEEP_FIXES = {"sleep_seconds", "sleep_microseconds", "sleep_milliseconds", "sleep_duration",
               "sleep_until"}

REQUIRED = ("name", "kind", "category", "certainty")
OPTIONAL = ("replacement", "fix", "nonblocking_if", "only_if", "note")

# One condition key besides "arg" per nonblocking_if item.
NONBLOCKING_FORMS = ("is_zero", "has_flag", "is_zero_duration", "is_zero_timeval",
                     "nonblocking_descriptor")
ONLY_IF_FORMS = ("min_args", "receiver_is")

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
# operator names as clang prints them: operator>>, operator(), operator[], operator new, ...
OPERATOR = r"operator(?:[-+*/%^&|~!=<>,]+|\(\)|\[\]| new(?:\[\])?| delete(?:\[\])?)"
COMPONENT = rf"(?:~?{IDENT}|{OPERATOR})"
NAME_RE = re.compile(rf"^(?:::)?{IDENT}(?:::{COMPONENT})*$")
FLAG_RE = re.compile(rf"^{IDENT}(?:::{IDENT})*$")


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def components(name):
    return name[2:].split("::") if name.startswith("::") else name.split("::")


def check_name(entry, errors, where):
    name = entry["name"]
    if not NAME_RE.match(name):
        errors.append(f"{where}: name {name!r} is not a qualified C++ name "
                      f"(e.g. '::recv', 'std::future::get', 'std::operator>>')")
        return
    parts = components(name)
    if len(parts) < 2 and not name.startswith("::"):
        errors.append(f"{where}: name {name!r} must be qualified; write '::{name}' for a "
                      f"global function")
    kind = entry["kind"]
    if kind in ("method", "constructor") and len(parts) < 2:
        example = "std::thread::join" if kind == "method" else "std::basic_ifstream::basic_ifstream"
        errors.append(f"{where}: a {kind} name needs its class, e.g. {example!r}")
    if kind == "constructor" and len(parts) >= 2 and parts[-1] != parts[-2]:
        errors.append(f"{where}: constructor name {name!r} must end in 'Class::Class', "
                      f"e.g. 'std::basic_ifstream::basic_ifstream'")
    if "<" in name:
        errors.append(f"{where}: name {name!r} must not carry template arguments")


def check_nonblocking(conds, errors, where):
    if not isinstance(conds, list) or not conds:
        errors.append(f"{where}: 'nonblocking_if' must be a non-empty list")
        return
    for i, cond in enumerate(conds):
        at = f"{where}: nonblocking_if[{i}]"
        if not isinstance(cond, dict):
            errors.append(f"{at} must be an object")
            continue
        if "arg" not in cond:
            errors.append(f"{at} needs 'arg' (0-based argument index)")
        elif not is_int(cond["arg"]) or cond["arg"] < 0:
            errors.append(f"{at}: 'arg' must be a non-negative integer, got {cond['arg']!r}")
        forms = [k for k in cond if k != "arg"]
        unknown = [k for k in forms if k not in NONBLOCKING_FORMS]
        if unknown:
            errors.append(f"{at}: unknown key(s) {', '.join(map(repr, unknown))} "
                          f"(allowed: {', '.join(NONBLOCKING_FORMS)})")
            continue
        if len(forms) != 1:
            errors.append(f"{at} needs exactly one of {', '.join(NONBLOCKING_FORMS)}, "
                          f"got {len(forms)}")
            continue
        form = forms[0]
        value = cond[form]
        if form == "has_flag":
            if not isinstance(value, str) or not FLAG_RE.match(value):
                errors.append(f"{at}: 'has_flag' must be a macro or enumerator name, got {value!r}")
        elif value is not True:
            errors.append(f"{at}: {form!r} must be true, got {value!r}")


def check_only_if(conds, errors, where):
    if not isinstance(conds, list) or not conds:
        errors.append(f"{where}: 'only_if' must be a non-empty list")
        return
    for i, cond in enumerate(conds):
        at = f"{where}: only_if[{i}]"
        if not isinstance(cond, dict):
            errors.append(f"{at} must be an object")
            continue
        unknown = [k for k in cond if k not in ONLY_IF_FORMS]
        if unknown:
            errors.append(f"{at}: unknown key(s) {', '.join(map(repr, unknown))} "
                          f"(allowed: {', '.join(ONLY_IF_FORMS)})")
            continue
        if len(cond) != 1:
            errors.append(f"{at} needs exactly one of {', '.join(ONLY_IF_FORMS)}")
            continue
        if "min_args" in cond:
            value = cond["min_args"]
            if not is_int(value) or value < 1:
                errors.append(f"{at}: 'min_args' must be a positive integer, got {value!r}")
        else:
            value = cond["receiver_is"]
            if not isinstance(value, str) or not NAME_RE.match(value):
                errors.append(f"{at}: 'receiver_is' must be a qualified variable name such as "
                              f"'std::cin', got {value!r}")


def check_text(entry, key, errors, where):
    value = entry[key]
    if not isinstance(value, str) or not value.strip():
        errors.append(f"{where}: {key!r} must be a non-empty string")
    elif "\n" in value or value != value.strip():
        errors.append(f"{where}: {key!r} must be one line without surrounding spaces")


def check_entry(index, entry, errors):
    where = f"entry {index}"
    if not isinstance(entry, dict):
        errors.append(f"{where} must be an object")
        return False
    if isinstance(entry.get("name"), str):
        where = f"entry {index} ({entry['name']!r})"
    missing = [k for k in REQUIRED if k not in entry]
    if missing:
        errors.append(f"{where}: missing required field(s) {', '.join(missing)}")
    unknown = [k for k in entry if k not in REQUIRED + OPTIONAL]
    if unknown:
        errors.append(f"{where}: unknown field(s) {', '.join(map(repr, unknown))} "
                      f"(allowed: {', '.join(REQUIRED + OPTIONAL)})")
    if missing:
        return False
    ok = True
    for key, allowed in (("kind", KINDS), ("category", CATEGORIES), ("certainty", CERTAINTIES)):
        if entry[key] not in allowed:
            errors.append(f"{where}: {key} {entry[key]!r} is not one of {', '.join(allowed)}")
            ok = False
    if not isinstance(entry["name"], str):
        errors.append(f"{where}: 'name' must be a string")
        return False
    if ok:
        check_name(entry, errors, where)
    if "fix" in entry:
        if entry["fix"] not in FIXES:
            errors.append(f"{where}: fix {entry['fix']!r} is not one of {', '.join(FIXES)}")
        elif entry["fix"] in SLEEP_FIXES and entry["category"] != "sleep":
            errors.append(f"{where}: fix {entry['fix']!r} only applies to category 'sleep'")
    for key in ("replacement", "note"):
        if key in entry:
            check_text(entry, key, errors, where)
    if "nonblocking_if" in entry:
        check_nonblocking(entry["nonblocking_if"], errors, where)
    if "only_if" in entry:
        check_only_if(entry["only_if"], errors, where)
    return ok


def validate(catalog):
    errors = []
    if not isinstance(catalog, dict):
        return ["top level must be an object with 'version' and 'entries'"]
    unknown = [k for k in catalog if k not in ("version", "entries")]
    if unknown:
        errors.append(f"unknown top-level key(s) {', '.join(map(repr, unknown))} "
                      f"(allowed: version, entries)")
    if catalog.get("version") != 1 or isinstance(catalog.get("version"), bool):
        errors.append(f"'version' must be 1, got {catalog.get('version')!r}")
    entries = catalog.get("entries")
    if not isinstance(entries, list) or not entries:
        errors.append("'entries' must be a non-empty list")
        return errors

    seen = {}
    previous = None
    order_reported = False
    for index, entry in enumerate(entries):
        if not check_entry(index, entry, errors):
            continue
        key = (entry["name"], entry["kind"])
        if key in seen:
            errors.append(f"entry {index} ({entry['name']!r}): duplicate of entry {seen[key]} "
                          f"(same name and kind {entry['kind']!r})")
        else:
            seen[key] = index
        order = (entry["category"], entry["name"], entry["kind"])
        if previous is not None and order < previous[0] and not order_reported:
            # Report the first misplaced entry only; one move often fixes the rest.
            errors.append(f"entry {index} ({entry['name']!r}): out of order; keep entries "
                          f"sorted by category, then name (it belongs before entry {previous[1]})")
            order_reported = True
        if previous is None or order > previous[0]:
            previous = (order, index)
    return errors


def main(argv):
    if len(argv) != 1:
        print("usage: validate_catalog.py <catalog.json>", file=sys.stderr)
        return 2
    path = argv[0]
    try:
        with open(path, encoding="utf-8") as f:
            catalog = json.load(f)
    except OSError as error:
        print(f"{path}: cannot read: {error.strerror}", file=sys.stderr)
        return 1
    except json.JSONDecodeError as error:
        print(f"{path}:{error.lineno}:{error.colno}: invalid JSON: {error.msg}", file=sys.stderr)
        return 1
    errors = validate(catalog)
    for error in errors:
        print(f"{path}: {error}", file=sys.stderr)
    if errors:
        print(f"{path}: {len(errors)} problem(s); see docs/catalog.md for the schema",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
