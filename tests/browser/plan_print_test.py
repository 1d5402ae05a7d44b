"""A patient's plan handout (`aftercare plan --format html`) printed to PDF in
real headless Chromium, on A4 and on Letter: at most 2 pages for the shipped
routine of 8 products, no console error (its CSP allows nothing), and every
verdict cell carries a symbol, not colour alone.
  plan_print_test.py HTML_FILE OUT_DIR"""
import base64
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

html, out = os.path.abspath(sys.argv[1]), sys.argv[2]
opts = webdriver.ChromeOptions()
for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1000,1400"):
    opts.add_argument(a)
opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


try:
    driver.get("file://" + html)
    cells = driver.find_elements(By.CSS_SELECTOR, "#grid td.m")
    check(len(cells) == 8 * 15, f"8 products x 15 days of cells ({len(cells)})")
    check(all(c.text in ("✓", "!", "✗") for c in cells), "every cell has a symbol")
    for paper, (w, h) in {"A4": (8.27, 11.69), "Letter": (8.5, 11)}.items():
        pdf = base64.b64decode(driver.execute_cdp_cmd(
            "Page.printToPDF", {"printBackground": True, "paperWidth": w, "paperHeight": h})["data"])
        pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        print(f"{paper}: {pages} page(s)")
        check(1 <= pages <= 2, f"the handout prints on at most 2 {paper} pages ({pages})")
        open(os.path.join(out, f"plan-{paper}.pdf"), "wb").write(pdf)
    driver.save_screenshot(os.path.join(out, "plan-handout.png"))
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    check(not severe, f"no console errors: {severe}")
finally:
    driver.quit()
if failures:
    sys.exit(1)
print("plan handout: ok")
