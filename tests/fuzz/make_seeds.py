#!/usr/bin/env python3
"""Writes structured seeds for a fuzz target: the shapes of issue 20 (deep and
unbalanced nesting, long runs of names, 'and' and slash chains, colons and full
stops after every name, one huge token, many short lines, repeated headings,
may-contain blocks, entities and codes), each at sizes up to MAX_BYTES.
Random mutation rarely builds 5,000 brackets; these give the fuzzer that
structure to start from. tools/fuzz.sh calls it when a corpus is new.

    tests/fuzz/make_seeds.py TARGET DIR MAX_BYTES
"""
import json
import os
import sys

NAMES = ["Water", "Glycerin", "Dimethicone", "Niacinamide", "Cetearyl Alcohol", "Phenoxyethanol", "Tocopherol",
         "Retinol", "Sodium Hyaluronate", "Caprylic/Capric Triglyceride"]


def fill(unit, n):
    return (unit * (n // len(unit) + 1))[:n]


def nest(opens, closes, n, name="Retinol"):
    depth = max(0, (n - len(name)) // 2)
    return "".join(opens[i % len(opens)] for i in range(depth)) + name + "".join(
        closes[(i - 1) % len(closes)] for i in range(depth, 0, -1))


def label_shapes(n):
    joined = lambda sep: fill(sep.join(NAMES) + sep, n)
    return {
        "nest_round": nest("(", ")", n),
        "nest_square": nest("[", "]", n),
        "nest_curly": nest("{", "}", n),
        "nest_mixed": nest("([{", ")]}", n),
        "nest_sub_lists": fill("Citrus Oils (Glycerin, ", n // 2) + fill(")", n - n // 2),
        "open_only": fill("(", n) + "Retinol",
        "crossed": fill("(", n // 2) + fill("]", n - n // 2),
        "separators": fill(", ; | . / : - * ", n),
        "one_token": fill("WaterGlycerinDimethicone", n),
        "name_run": joined(" "),
        "and_chain": joined(" and "),
        "slash_chain": joined("/"),
        "colons": joined(": "),
        "full_stops": joined(". "),
        "long_line": joined(", "),
        "short_lines": fill("W\n", n),
        "marks": fill("Wa\u0301ter\u200b, Gly\u200dcerin\u202e, \u05de\u05d9\u05dd, ", n // 2),
        "nul": fill("Water\0Glycerin\0, ", n),
        "headings": fill("Ingredients: Water, ", n),
        "may_contain": fill("Water, May Contain (+/-): CI 77491, ", n),
        "entities": fill("Water&amp;&#44;&nbsp;Glycerin&#x2C; ", n),
        "codes": fill("Fragrance <ILN41876>", n),
        "strengths": fill("80 % Vol. ", n),
        "sub_products": fill("Serum:\nWater, Glycerin\n", n),
    }


def main():
    target, out_dir, max_bytes = sys.argv[1], sys.argv[2], int(sys.argv[3])
    os.makedirs(out_dir, exist_ok=True)
    sizes = [s for s in (512, 4096, 16384, 262144, 1048576) if s <= max_bytes]
    for n in sizes:
        for name, text in label_shapes(n).items():
            data = text.encode("utf-8")[:n]
            if target == "label_fuzzer":
                seed = data
            elif target == "csv_reader_fuzzer":
                # The first byte is the fuzzer's knob (0x80: comma-separated, header).
                quoted = '"' + data.decode("utf-8", "replace").replace('"', '""') + '"'
                seed = b"\x80" + ("id,name,ingredients\n1,A," + quoted + "\n2,B,Water\n").encode("utf-8")
                seed = seed[:n]
            else:
                rows = [json.dumps({"id": "1", "ingredients": data.decode("utf-8", "replace")}),
                        json.dumps({"id": "2", "ingredients": "Water"})]
                seed = (b"\x80" + "\n".join(rows).encode("utf-8") + b"\n")[:n]
            with open(os.path.join(out_dir, f"shape-{name}-{n}"), "wb") as f:
                f.write(seed)
    if target == "jsonl_reader_fuzzer":
        for n in sizes:  # deep JSON nesting, unclosed strings
            with open(os.path.join(out_dir, f"shape-json-nest-{n}"), "wb") as f:
                f.write(b"\x80" + (b'{"ingredients":' + b"[" * n)[:n])
            with open(os.path.join(out_dir, f"shape-json-open-string-{n}"), "wb") as f:
                f.write(b"\x80" + (b'{"ingredients":"' + b"a" * n)[:n])


if __name__ == "__main__":
    main()
