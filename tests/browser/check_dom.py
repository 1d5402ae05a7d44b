#!/usr/bin/env python3
"""Asserts on the DOM that headless Chromium dumped for a stock report.

check_dom.py DOM_HTML PRODUCTS LAST_DAY
The DOM comes from the report plus a probe script (added by run.sh, never
shipped) that copies each grid cell's computed background colour into
data-bg. Exits 0 when every assertion holds, 1 with the failures otherwise.
"""
import sys
from html.parser import HTMLParser


class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []
        self.product_rows = 0
        self.cells_per_row = []
        self.cell_bg = {}  # cell class -> set of computed colours
        self.step_rows = []
        self.gaps = []
        self.in_gap = False
        self.sections = set()
        self.plan_days = []  # (from, until) per plan row
        self.scripts = 0
        self.out_of_stock = []  # names of the grid rows marked out of stock
        self.in_oos_name = False
        self.plan_text = ""  # every cell of the plan table
        self.in_plan = False
        self.not_planned = None  # text of p#not-planned
        self.in_not_planned = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "script":
            self.scripts += 1
        if tag == "section" and a.get("id"):
            self.sections.add(a["id"])
        if tag == "tr" and "product" in classes:
            self.product_rows += 1
            self.cells_per_row.append(0)
            if "out-of-stock" in classes:
                self.out_of_stock.append("")
        if tag == "td" and "name" in classes and self.out_of_stock and self.out_of_stock[-1] == "":
            self.in_oos_name = True
        if tag in ("sup", "br"):
            self.in_oos_name = False
        if tag == "table" and a.get("id") == "plan":
            self.in_plan = True
        if tag == "p" and a.get("id") == "not-planned":
            self.not_planned = ""
            self.in_not_planned = True
        if tag == "tr" and "step" in classes:
            self.step_rows.append(a.get("data-step"))
        if tag == "td" and "cell" in classes:
            self.cells_per_row[-1] += 1
            kind = [c for c in classes if c != "cell"][0]
            self.cell_bg.setdefault(kind, set()).add(a.get("data-bg"))
        if tag == "li" and "gap" in classes:
            self.gaps.append("")
            self.in_gap = True
        if tag == "tr" and "plan-day" in classes:
            self.plan_days.append((int(a["data-from"]), int(a["data-until"])))

    def handle_endtag(self, tag):
        if tag == "li":
            self.in_gap = False
        if tag == "td":
            self.in_oos_name = False
        if tag == "table":
            self.in_plan = False
        if tag == "p":
            self.in_not_planned = False

    def handle_data(self, data):
        if self.in_gap:
            self.gaps[-1] += data
        if self.in_oos_name:
            self.out_of_stock[-1] += data.strip()
        if self.in_plan:
            self.plan_text += data + "\n"
        if self.in_not_planned:
            self.not_planned += data


def main():
    dom_file, products, last_day = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    d = Dom()
    with open(dom_file, encoding="utf-8") as f:
        d.feed(f.read())
    fail = []
    if d.product_rows != products:
        fail.append(f"grid has {d.product_rows} product rows, expected {products}")
    bad = [n for n in d.cells_per_row if n != last_day + 1]
    if bad:
        fail.append(f"{len(bad)} rows do not have {last_day + 1} day cells: {bad[:5]}")
    expected = {
        "avoid": "rgb(228, 104, 93)",
        "caution": "rgb(245, 197, 66)",
        "safe": "rgb(124, 196, 127)",
        "unchecked": "rgb(184, 184, 184)",
    }
    for kind in ("avoid", "caution", "safe"):
        if kind not in d.cell_bg:
            fail.append(f"no '{kind}' cell in the grid")
    for kind, colours in d.cell_bg.items():
        if kind not in expected:
            fail.append(f"unexpected cell class '{kind}'")
        elif colours != {expected[kind]}:
            fail.append(f"'{kind}' cells are painted {sorted(map(str, colours))}, expected {expected[kind]}")
    want_steps = ["cleanser", "serum", "moisturizer", "sunscreen", "makeup", "other"]
    if d.step_rows != [s for s in want_steps if s in d.step_rows]:
        fail.append(f"routine steps out of order: {d.step_rows}")
    for sec in ("grid-section", "gaps", "plan-section", "windows-section", "limits"):
        if sec not in d.sections:
            fail.append(f"no section #{sec}")
    if not d.gaps:
        fail.append("the gaps section lists no gap")
    if not any("sunscreen" in g for g in d.gaps):
        fail.append(f"no sunscreen gap (gaps: {d.gaps})")
    covered = [day for f, u in d.plan_days for day in range(f, u + 1)]
    if covered != list(range(last_day + 1)):
        fail.append(f"the plan rows cover days {covered}, expected 0..{last_day} once each in order")
    # A product with quantity 0 keeps its grid row, marked, and is never planned.
    if not d.out_of_stock:
        fail.append("no grid row is marked out of stock (examples/clinic-stock.csv has one with quantity 0)")
    for name in d.out_of_stock:
        if not name:
            fail.append("an out-of-stock row has no name")
        elif name in d.plan_text:
            fail.append(f"out-of-stock '{name}' is in the day plan")
        elif d.not_planned is None or name not in d.not_planned:
            fail.append(f"the plan does not say that out-of-stock '{name}' is left out (p#not-planned: {d.not_planned})")
    for f_ in fail:
        print("FAIL:", f_)
    if not fail:
        print(f"ok: {d.product_rows} products x {last_day + 1} days, colours {dict((k, sorted(v)) for k, v in d.cell_bg.items())}, "
              f"{len(d.gaps)} gaps, steps {d.step_rows}, plan rows {d.plan_days}, out of stock {d.out_of_stock}")
    return 1 if fail else 0


if __name__ == "__main__":
    sys.exit(main())
