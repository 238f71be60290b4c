#!/usr/bin/env python3
"""Checks tests/scan-corpus/labels.json against the scope catalog and the corpus files.

Every labelled (method, path) must be an operation of data/atlassian-scopes/*.json, every
file must exist, every line must look like the call site (it holds part of the path, the
HTTP verb, or a word of the SDK method), ids must be sorted and unique, and every program
folder must be labelled. Exit status 1 on any problem.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CATALOG_FILES = ["jira-platform", "jira-software", "jira-service-management",
                 "confluence-v1", "confluence-v2", "bitbucket"]
LANGS = {"python", "javascript", "typescript", "go", "java", "kotlin", "ruby", "php",
         "csharp", "shell", "powershell", "rust"}


def catalog():
    ops = set()
    for name in CATALOG_FILES:
        with open(os.path.join(REPO, "data", "atlassian-scopes", name + ".json")) as f:
            for op in json.load(f)["operations"]:
                ops.add((op["method"], op["path"]))
    return ops


def plausible(text, method, path):
    low = text.lower()
    if method.lower() in low:
        return True
    # a literal segment of the path (not a {param})
    for seg in path.strip("/").split("/"):
        if seg and not seg.startswith("{") and seg.lower() in low and len(seg) > 2:
            return True
    # a request command (PowerShell and shell call sites need no parentheses)
    if any(w in low for w in ("invoke-restmethod", "invoke-webrequest", "curl", "wget", "jsm ")):
        return True
    # an identifier on the line that carries a call (SDK method, helper or constant)
    return bool(re.search(r"[A-Za-z_][A-Za-z0-9_]*\s*[(<]|\b[A-Z][A-Z0-9_]{3,}\b", text))


def main():
    problems = []
    with open(os.path.join(HERE, "labels.json")) as f:
        labels = json.load(f)
    if labels.get("format") != 1:
        problems.append("format is not 1")
    ops = catalog()
    ids = [p["id"] for p in labels["programs"]]
    if ids != sorted(ids) or len(set(ids)) != len(ids):
        problems.append("ids not sorted/unique")
    counts = {}
    for p in labels["programs"]:
        pid = p["id"]
        if p["language"] not in LANGS or not pid.startswith(p["language"] + "/") or p["dir"] != pid:
            problems.append(f"{pid}: bad language/dir")
        counts[p["language"]] = counts.get(p["language"], 0) + 1
        d = os.path.join(HERE, p["dir"])
        if not os.path.isdir(d):
            problems.append(f"{pid}: no folder")
            continue
        if not p.get("imitates"):
            problems.append(f"{pid}: no imitated source")
        seen = set()
        for kind in ("operations", "dynamic", "decoys"):
            for e in p.get(kind, []):
                fp = os.path.join(d, e["file"])
                if not os.path.isfile(fp):
                    problems.append(f"{pid}: missing file {e['file']}")
                    continue
                lines = open(fp, encoding="utf-8").read().split("\n")
                if not 1 <= e["line"] <= len(lines):
                    problems.append(f"{pid}: {e['file']}:{e['line']} out of range")
                    continue
                text = lines[e["line"] - 1]
                if kind == "decoys":
                    continue
                key = (e["method"], e["path"])
                if key not in ops:
                    problems.append(f"{pid}: {key} not in the catalog")
                if kind == "operations":
                    if key in seen:
                        problems.append(f"{pid}: {key} listed twice")
                    seen.add(key)
                    if e.get("via") not in ("url", "sdk"):
                        problems.append(f"{pid}: bad via")
                if not plausible(text, e["method"], e["path"]):
                    problems.append(f"{pid}: {e['file']}:{e['line']} does not look like {key}: {text.strip()}")
    on_disk = set()
    for lang in os.listdir(HERE):
        if os.path.isdir(os.path.join(HERE, lang)):
            for prog in os.listdir(os.path.join(HERE, lang)):
                on_disk.add(f"{lang}/{prog}")
    for missing in sorted(on_disk - set(ids)):
        problems.append(f"{missing}: folder without labels")
    for prob in problems:
        print("PROBLEM:", prob)
    n_ops = sum(len(p["operations"]) for p in labels["programs"])
    n_dyn = sum(len(p["dynamic"]) for p in labels["programs"])
    n_dec = sum(len(p["decoys"]) for p in labels["programs"])
    print(f"{len(ids)} programs {dict(sorted(counts.items()))}; {n_ops} operations, {n_dyn} dynamic, {n_dec} decoys")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
