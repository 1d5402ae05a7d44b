"""Printed in real headless Chromium (printToPDF), on A4 and on Letter:
- a patient's plan handout (`aftercare plan --format html`) of the shipped
  routine of 8 products: at most 2 pages, every verdict cell a symbol, not
  colour alone, no console error;
- the clinic's stock report (`aftercare stock`, without --sources) of the
  shipped 41 products: its grid at least 15 products a page.
  plan_print_test.py PLAN_HTML STOCK_HTML STOCK_PRODUCTS OUT_DIR"""
import base64
import os
import sys

from selenium.webdriver.common.by import By

from browser_lib import check, chromium, finish, pdf_pages

html, stock_html, stock_products, out = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
PAPERS = {"A4": (8.27, 11.69), "Letter": (8.5, 11)}
driver = chromium(1000, 1400)


try:
    driver.get("file://" + html)
    cells = driver.find_elements(By.CSS_SELECTOR, "#grid td.m")
    check(len(cells) == 8 * 15, f"8 products x 15 days of cells ({len(cells)})")
    check(all(c.text in ("✓", "!", "✗") for c in cells), "every cell has a symbol")
    for paper, (w, h) in PAPERS.items():
        pdf = base64.b64decode(driver.execute_cdp_cmd(
            "Page.printToPDF", {"printBackground": True, "paperWidth": w, "paperHeight": h})["data"])
        pages = pdf_pages(pdf)
        print(f"{paper}: {pages} page(s)")
        check(1 <= pages <= 2, f"the handout prints on at most 2 {paper} pages ({pages})")
        open(os.path.join(out, f"plan-{paper}.pdf"), "wb").write(pdf)
    driver.save_screenshot(os.path.join(out, "plan-handout.png"))
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    check(not severe, f"no console errors: {severe}")
    # The stock report's grid alone (the other sections hidden in this copy): 15 products a page or more.
    driver.get("file://" + stock_html)
    driver.execute_script(
        "const s = document.createElement('style');"
        "s.textContent = '#gaps, #plan-section, #windows-section, #limits, ol.notes, p.meta { display: none }';"
        "document.head.append(s);")
    for paper, (w, h) in PAPERS.items():
        pdf = base64.b64decode(driver.execute_cdp_cmd(
            "Page.printToPDF", {"printBackground": True, "paperWidth": h, "paperHeight": w})["data"])
        pages = pdf_pages(pdf)
        print(f"stock grid, {paper} landscape: {stock_products} products on {pages} page(s)")
        check(stock_products / pages >= 15, f"the stock grid holds 15 products a page on {paper} ({pages} pages)")
finally:
    driver.quit()
finish("printing: ok")
