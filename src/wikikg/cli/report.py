"""``wikikg report OUT`` — what an extraction produced, from its ``manifest.json``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from wikikg.errors import InputError


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("report", help="summarise an extraction's output")
    p.add_argument("out", type=Path, metavar="OUT", help="the output folder of `wikikg extract`")
    p.add_argument("--top", type=int, default=15, help="rows per quality table")
    p.set_defaults(handler=run)


def load_manifest(out: Path) -> dict[str, Any]:
    path = out / "manifest.json"
    if not path.is_file():
        raise InputError(f"{out}: no manifest.json — not a finished extraction")
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    return data


def run(args: argparse.Namespace) -> int:
    m = load_manifest(args.out)
    p = m.get("pages", {})
    print(f"wikikg {m.get('wikikg')} — {', '.join(m.get('languages', []))}; {p.get('total', 0)} pages "
          f"({p.get('articles', 0)} articles, {p.get('redirects', 0)} redirects); "
          f"{m.get('triples', 0)} triples; {m.get('wall_seconds')} s ({m.get('pages_per_second')} pages/s)")
    for inp in m.get("inputs", []):
        print(f"  input {inp['path']} [{inp['lang']}] {inp['pages_read']} pages, sha1 {inp['sha1'][:12]}")
        for w in inp.get("warnings", []):
            print(f"    warning: {w}")
    print("\ndatasets:")
    for name, d in m.get("datasets", {}).items():
        print(f"  {d['triples']:>10}  {name}")
    failures = m.get("failures", {})
    if failures:
        print("\nfailures:")
        for name, f in failures.items():
            eg = f["examples"][0] if f["examples"] else {}
            print(f"  {name}: {f['count']} pages, e.g. {eg.get('title')}: {eg.get('error')}")
    for group, counts in m.get("metrics", {}).items():
        print(f"\n{group}:")
        rows = sorted(counts.items(), key=lambda kv: -kv[1])[: args.top]
        for key, n in rows:
            print(f"  {n:>8}  {key.replace(chr(9), ' | ')}")
    return 0
