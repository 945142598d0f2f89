"""Contact-data scanner bench: recall on data/contact.yml's examples, false alarms on the sample inbox.

    .venv/bin/python bench/pii_recall.py [--inbox samples/inbox] [--json OUT]

- Recall: every `found` example of every kind in converters/data/contact.yml, scanned as published
  text (converters.check.pii.scan_text); a hit is a finding of that kind's code. Also the `quiet`
  examples: any finding there is a false alarm.
- False alarms on real-looking submissions: `showcase convert` (in-process, no cache) on the sample
  inbox, whose 典型经验 carry no contact data in their text: every PII_REDACTED finding (a value hidden
  from a page) and every PII_* finding of the page scan is a false alarm. The numbers the pages keep
  (figures, dates, standards, percentages…) are counted to show what the scanner read past.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from converters.check.pii import load_contact_rules, scan_text  # noqa: E402
from converters.cli import main as showcase  # noqa: E402

NUMBER = re.compile(r"\d[\d.,:/%-]*\d|\d")


def example_recall() -> dict:
    rules = load_contact_rules()
    per_kind, missed = {}, []
    for kind in rules.kinds:
        hits = sum(1 for text in kind.found if kind.code in {f.code for f in scan_text(text, "example")})
        per_kind[kind.id] = (hits, len(kind.found))
        missed += [f"{kind.id}: {text}" for text in kind.found if kind.code not in {f.code for f in scan_text(text, "x")}]
    quiet_alarms = [text for text in rules.quiet if scan_text(text, "example")]
    return {"per_kind": per_kind, "missed": missed, "quiet": len(rules.quiet), "quiet_alarms": quiet_alarms}


def _findings(report: dict) -> list[dict]:
    found = list(report.get("findings", []))
    for group in ("experiences", "files"):
        for item in report.get(group, []):
            found += item.get("findings", [])
    return found


def inbox_false_alarms(inbox: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="pii-bench-") as tmp:
        out, report_path = Path(tmp) / "content", Path(tmp) / "report.json"
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            showcase(["--config", str(ROOT / "showcase.yml"), "convert", str(inbox), "--out", str(out),
                      "--report", str(report_path), "--no-cache"])
        report = json.loads(report_path.read_text(encoding="utf-8"))
        pages = sorted((out / "experiences").glob("*/index.md"))
        numbers = sum(len(NUMBER.findall(p.read_text(encoding="utf-8").split("---\n", 2)[-1])) for p in pages)
    alarms = [f for f in _findings(report) if f["code"].startswith("PII_") and f["code"] != "PII_IN_FIELD"]
    return {"pages": len(pages), "numbers": numbers,
            "alarms": [f"{f['code']} {f['message'].split('：')[0]}（{f['location']}）" for f in alarms]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inbox", type=Path, default=ROOT / "samples" / "inbox")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    recall = example_recall()
    hits = sum(h for h, _n in recall["per_kind"].values())
    total = sum(n for _h, n in recall["per_kind"].values())
    print(f"示例召回率：{hits}/{total} = {hits / total:.1%}（contact.yml 的 found 示例，按类）")
    for kind, (h, n) in recall["per_kind"].items():
        print(f"  {kind:18} {h}/{n}")
    for line in recall["missed"]:
        print(f"  漏报：{line}")
    print(f"普通数字示例误报：{len(recall['quiet_alarms'])}/{recall['quiet']}（contact.yml 的 quiet 示例）")
    inbox = inbox_false_alarms(args.inbox)
    print(f"样例收件箱误报：{len(inbox['alarms'])} 处（{inbox['pages']} 个经验页面，页面正文中保留的数字 {inbox['numbers']} 个）")
    for line in inbox["alarms"]:
        print(f"  误报：{line}")
    if args.json:
        args.json.write_text(json.dumps({"recall": recall, "inbox": inbox}, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if not recall["missed"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
