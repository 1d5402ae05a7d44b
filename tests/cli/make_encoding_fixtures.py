#!/usr/bin/env python3
"""Writes the binary inputs of the golden cases about encodings and broken
catalogs (issue 15, items 4 and 7), so that no byte is edited by hand:
    python3 tests/cli/make_encoding_fixtures.py
The expected outputs beside them are written by hand / checked by review."""
import pathlib
import random

CASES = pathlib.Path(__file__).resolve().parent / "cases"


def write(case, name, data):
    (CASES / case).mkdir(exist_ok=True)
    (CASES / case / name).write_bytes(data)


# A retinol + fragrance serum saved by Notepad as "Unicode" (UTF-16LE with a BOM).
write("check_utf16_label_is_converted", "stdin",
      "Aqua, Glycerin, Retinol, Parfum, Tocopherol".encode("utf-16"))
# A French label saved in Windows-1252.
write("check_windows_1252_label_is_converted", "stdin",
      "Eau, Glycérine, Rétinol, Parfum".encode("cp1252"))
# Random bytes (the unit test takes 200 KB): no verdict, exit 2.
write("check_random_bytes_are_not_text", "stdin", random.Random(15).randbytes(32 << 10))
write("parse_random_bytes_are_not_text", "stdin", random.Random(16).randbytes(4096))
write("scan_binary_file_is_not_text", "stdin", random.Random(18).randbytes(4096))
# Excel's "CSV UTF-8 (semicolon)": a BOM, ';', CRLF and a cell with line breaks.
write("scan_excel_csv_bom_semicolons_multiline_cell", "stdin",
      ("\ufeffsku;brand;name;ingredients\r\n"
       "X1;Dermacare;Night Serum;\"Aqua,\r\nRetinol,\r\nParfum\"\r\n"
       "X2;Dermacare;Calm Toner;\"Aqua; Glycerin; Panthenol\"\r\n"
       "X3;Dermacare;Barrier Cream;Aqua, Glycerin, Ceramide NP\r\n").encode("utf-8"))
# A whole catalog in UTF-16LE.
write("scan_utf16_catalog_is_converted", "shop.csv",
      ("sku,name,ingredients\n"
       "F1,Sérum nuit,\"Eau, Glycérine, Rétinol, Parfum\"\n"
       "F2,Crème,\"Eau, Glycérine, Panthénol\"\n").encode("utf-16"))
# One row of binary garbage among good rows: that row's error, the rest read.
garbage = bytes(b for b in random.Random(17).randbytes(400) if b >= 0x80 or b in (0x20, 0x41))
write("scan_binary_row_is_an_error_record", "stdin",
      b"sku,name,ingredients\n"
      b"G1,Hydrating Serum,\"Water, Glycerin, Sodium Hyaluronate\"\n"
      b"G2,Garbage," + garbage + b"\n"
      b"G3,Retinol Serum,\"Water, Retinol, Parfum\"\n")
