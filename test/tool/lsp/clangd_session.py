#!/usr/bin/env python3
"""An editor's session with concur-clangd, scripted: initialize, open a file,
wait for its diagnostics, ask for the code actions of one diagnostic, apply
its quick fix, wait for the new diagnostics, shut down.

It prints what the server said in a stable form for FileCheck and fails
(exit 1, with the reason and the end of the server's log) when an expectation
does not hold:

  clangd_session.py --server bin/concur-clangd --file dir/blocking.cpp \\
      --expect-check concur-blocking-call-in-coroutine \\
      --expect-fix 'co_await concur::to_thread'

The file's directory must hold what clangd reads for it: compile_flags.txt or
compile_commands.json, and a .clangd and/or .clang-tidy enabling the check.
"""
import argparse
import os
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import LspClient, LspError, path_to_uri  # noqa: E402


def position_key(edit):
    start = edit["range"]["start"]
    return (start["line"], start["character"])


def offset_of(text, position):
    """LSP positions count UTF-16 code units; the inputs are ASCII."""
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[:position["line"]]) + position["character"]


def apply_edits(text, edits):
    for edit in sorted(edits, key=position_key, reverse=True):
        begin = offset_of(text, edit["range"]["start"])
        end = offset_of(text, edit["range"]["end"])
        text = text[:begin] + edit["newText"] + text[end:]
    return text


def edits_for(action, uri):
    edit = action.get("edit") or {}
    edits = list((edit.get("changes") or {}).get(uri, []))
    for change in edit.get("documentChanges") or []:
        if change.get("textDocument", {}).get("uri") == uri:
            edits.extend(change.get("edits", []))
    return edits


def show_range(r):
    return "%d:%d-%d:%d" % (r["start"]["line"] + 1, r["start"]["character"] + 1,
                            r["end"]["line"] + 1, r["end"]["character"] + 1)


def parse_range(spec):
    """LINE:COL-LINE:COL, 1-based as printed by show_range, to an LSP range."""
    start, _, end = spec.partition("-")
    (sl, sc), (el, ec) = (map(int, start.split(":")), map(int, end.split(":")))
    return {"start": {"line": sl - 1, "character": sc - 1},
            "end": {"line": el - 1, "character": ec - 1}}


def show_diagnostic(d):
    return "%s %s [%s] %s" % (show_range(d["range"]), d.get("source", "?"), d.get("code", ""),
                              d["message"].split("\n")[0])


def run(args):
    path = os.path.abspath(args.file)
    uri = path_to_uri(path)
    root = os.path.dirname(path)
    with open(path, encoding="utf-8") as f:
        text = f.read()

    # Keep the user's own clangd configuration out of the session.
    config_home = tempfile.mkdtemp(prefix="clangd-session-config-")
    env = dict(os.environ, XDG_CONFIG_HOME=config_home)
    argv = [args.server, "--log=" + args.log] + args.server_arg
    client = LspClient(argv, cwd=root, env=env)
    try:
        result = client.request("initialize", {
            "processId": os.getpid(),
            "rootUri": path_to_uri(root),
            "capabilities": {
                "textDocument": {
                    "publishDiagnostics": {"relatedInformation": True, "versionSupport": True},
                    "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {
                        "valueSet": ["", "quickfix", "refactor", "refactor.extract",
                                     "refactor.inline", "refactor.rewrite", "source"]}}},
                    "hover": {"contentFormat": ["plaintext"]},
                },
            },
        }, args.timeout)
        server = result.get("serverInfo", {})
        print("server: %s %s" % (server.get("name", "?"), server.get("version", "?")))
        client.notify("initialized", {})
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "cpp", "version": 1, "text": text}})

        # clangd publishes once per built version; the check's finding is in it or never.
        published = client.wait_notification(
            "textDocument/publishDiagnostics",
            lambda p: p["uri"] == uri and p.get("version", 1) == 1,
            args.timeout, "diagnostics for %s" % path)
        for d in published["diagnostics"]:
            print("diagnostic: " + show_diagnostic(d))
            href = (d.get("codeDescription") or {}).get("href")
            if href:
                page = href[len("file://"):] if href.startswith("file://") else None
                print("help: %s%s" % (href, "" if page is None or os.path.exists(
                    urllib.parse.unquote(page)) else " (no such file)"))
        found = [d for d in published["diagnostics"] if d.get("code") == args.expect_check]
        if not found:
            raise client.failure("no %s diagnostic among the %d published for %s; is the check "
                                 "enabled (.clangd ClangTidy Add, FastCheckFilter) and linked in?"
                                 % (args.expect_check, len(published["diagnostics"]), path))
        diagnostic = found[0]
        if diagnostic.get("source") != "clang-tidy":
            raise client.failure("%s came from source %r, not clang-tidy"
                                 % (args.expect_check, diagnostic.get("source")))

        # clangd itself still works: hover on the flagged call.
        hover = client.request("textDocument/hover", {
            "textDocument": {"uri": uri}, "position": diagnostic["range"]["start"]}, args.timeout)
        if not hover or not hover.get("contents"):
            raise client.failure("no hover at %s" % show_range(diagnostic["range"]))
        contents = hover["contents"]
        hover_text = contents.get("value", "") if isinstance(contents, dict) else str(contents)
        print("hover: " + hover_text.strip().split("\n")[0])

        # ... and so do its own code actions (tweaks), linked from libclangDaemonTweaks.a.
        for spec in args.actions_at:
            tweaks = client.request("textDocument/codeAction", {
                "textDocument": {"uri": uri}, "range": parse_range(spec),
                "context": {"diagnostics": []}}, args.timeout) or []
            for action in tweaks:
                print("action at %s: %s: %s" % (spec, action.get("kind", "?"),
                                                action.get("title", "?")))

        actions = client.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": diagnostic["range"],
            "context": {"diagnostics": [diagnostic]}}, args.timeout) or []
        for action in actions:
            print("action: %s: %s" % (action.get("kind", "?"), action.get("title", "?")))
        if args.expect_fix:
            fixes = [a for a in actions if a.get("kind") == "quickfix"
                     and any(args.expect_fix in e["newText"] for e in edits_for(a, uri))]
            if not fixes:
                raise client.failure("no quick fix whose edit contains %r among %d code actions: %s"
                                     % (args.expect_fix, len(actions),
                                        [a.get("title") for a in actions]))
            edits = edits_for(fixes[0], uri)
            for edit in sorted(edits, key=position_key):
                print("edit: %s %s" % (show_range(edit["range"]), edit["newText"].rstrip("\n")))

            # Apply the fix as an editor would and wait for the new diagnostics.
            fixed = apply_edits(text, edits)
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]})
            republished = client.wait_notification(
                "textDocument/publishDiagnostics",
                lambda p: p["uri"] == uri and p.get("version") == 2,
                args.timeout, "diagnostics for %s after the fix" % path)
            print("after fix: %d diagnostics" % len(republished["diagnostics"]))
            for d in republished["diagnostics"]:
                print("diagnostic after fix: " + show_diagnostic(d))
            if args.fixed_output:
                with open(args.fixed_output, "w", encoding="utf-8") as f:
                    f.write(fixed)

        status = client.shutdown(args.timeout)
        print("exit status: %d" % status)
        if status != 0:
            raise client.failure("the server exited with status %d after shutdown" % status)
    finally:
        client.kill()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--server", required=True, help="the clangd binary")
    parser.add_argument("--file", required=True, help="the source file to open")
    parser.add_argument("--expect-check", required=True, help="diagnostic code to expect")
    parser.add_argument("--expect-fix", default="",
                        help="text the quick fix's edit must contain (none: no fix asked for)")
    parser.add_argument("--actions-at", action="append", default=[], metavar="L:C-L:C",
                        help="also list the code actions for this range (repeatable)")
    parser.add_argument("--fixed-output", help="write the file with the fix applied here")
    parser.add_argument("--timeout", type=float, default=120,
                        help="seconds to wait for each answer (default 120)")
    parser.add_argument("--log", default="info", help="the server's --log level")
    parser.add_argument("--server-arg", action="append", default=[],
                        help="extra argument for the server (repeatable)")
    args = parser.parse_args()
    try:
        run(args)
    except LspError as error:
        sys.stdout.flush()
        sys.stderr.write("clangd_session.py: %s\n" % error)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
