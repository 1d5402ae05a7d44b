"""The page of `aftercare serve` in real headless Chromium, driven as a user
would: paste a real label, see the verdict and the highlighted text, move the
day slider, take a "did you mean", open the share link in a fresh page, print
to PDF, paste hostile text; read it as a screen reader does (the accessibility
tree) and on a phone's screen; upload a clinic's stock, a patient's products
and a catalog.
Run by serve_run.sh:
  serve_page_test.py URL LABEL_FILE STOCK_FILE ROUTINE_FILE EXPECTED_SCAN_CSV OUT_DIR"""
import base64
import os
import sys
import time

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from browser_lib import check, chromium, finish, pdf_pages

url, label_file, stock_file, routine_file, expected_scan, out = sys.argv[1], *map(os.path.abspath, sys.argv[2:7])
label = open(label_file, encoding="utf-8").read().strip()

driver = chromium(1200, 1600)


def click_text(d, selector, text, tries=20):
    """Clicks the element of `selector` whose text is `text`; the page re-renders
    as checks come back, so a stale element is looked for again."""
    for _ in range(tries):
        try:
            for e in d.find_elements(By.CSS_SELECTOR, selector):
                if e.text == text:
                    e.click()
                    return True
        except StaleElementReferenceException:
            pass
        time.sleep(0.1)
    return False


def wait_for(d, text, timeout=15):
    try:
        WebDriverWait(d, timeout).until(lambda d: text in d.find_element(By.ID, "verdict").text)
        return True
    except Exception:
        return False


try:
    driver.get(url)
    WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#protocol option"))
    box = driver.find_element(By.ID, "label")
    box.send_keys(label)
    # Typing updates the page as it goes: wait for the check of the whole label.
    WebDriverWait(driver, 15).until(
        lambda d: d.execute_script("return document.getElementById('text').textContent") == label)
    check(wait_for(driver, "CAUTION on day 1"), "the CeraVe PM label is a caution on day 1 (niacinamide)")
    spans = driver.find_elements(By.CSS_SELECTOR, "#text span[data-status]")
    check(len(spans) >= 10, f"every ingredient highlighted in the pasted text ({len(spans)} spans)")
    niacinamide = [s for s in spans if s.text == "Niacinamide"]
    check(niacinamide and niacinamide[0].get_attribute("data-status") == "caution", "Niacinamide marked caution")
    check(niacinamide and "niacinamide" in (niacinamide[0].get_attribute("title") or ""), "its reason on hover")
    if niacinamide:
        click_text(driver, "#text span[data-status]", "Niacinamide")  # a tap, where a phone shows no tooltip
        check("niacinamide" in driver.find_element(By.ID, "textwhy").text, "its reason on a tap")
    check("Sources:" in driver.find_element(By.ID, "protocol-about").text, "the protocol's sources are shown")
    reasons = driver.find_element(By.ID, "reasons").text
    check("Sources:" in reasons and "[" in reasons, f"each reason cites its sources ({reasons[:200]})")
    WebDriverWait(driver, 15).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#timeline button")) == 15)
    day3 = driver.find_elements(By.CSS_SELECTOR, "#timeline button")[3]
    check(day3.get_attribute("aria-label") == "day 3: safe", "the timeline says day 3 is safe")
    # The slider: day 3 at once.
    driver.execute_script("const d = document.getElementById('day'); d.value = 3;"
                          "d.dispatchEvent(new Event('input'));")
    check(wait_for(driver, "SAFE on day 3"), "the slider moves the verdict to day 3")
    driver.save_screenshot(out + "/serve-page.png")
    # The share link, in a fresh page: the same check, the label from the fragment.
    link = driver.current_url
    check("#" in link and "label=" in link, "the share link carries the label in its fragment")
    driver.switch_to.new_window("tab")
    driver.get(link)
    check(wait_for(driver, "SAFE on day 3"), "the share link opens the same check")
    check(driver.find_element(By.ID, "label").get_attribute("value") == label, "the share link restores the label")
    # Print: a handout of few pages.
    pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": True})["data"])
    pages = pdf_pages(pdf)
    print("printed pages:", pages)
    check(1 <= pages <= 3, f"the printout is at most 3 pages ({pages})")
    open(out + "/serve-page.pdf", "wb").write(pdf)
    # Hostile text is shown, never run.
    box = driver.find_element(By.ID, "label")
    driver.execute_script(
        "const b = document.getElementById('label');"
        "b.value = '<script>window.__pwned = 1</script>\"><img src=x onerror=\"window.__pwned = 2\">, Water, Retinol';"
        "b.dispatchEvent(new Event('input'));")
    check(wait_for(driver, "AVOID"), "the hostile label gets a verdict (retinol)")
    time.sleep(0.5)
    check(driver.execute_script("return window.__pwned === undefined"), "nothing in the label ran")
    check("<script>" in driver.find_element(By.ID, "text").text, "the label's markup is shown as text")
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    check(not severe, f"no errors in the console (a CSP violation would be one): {severe}")

    # "Did you mean": a name cut short, and the suggestion put in its place with one click.
    driver.execute_script(
        "const b = document.getElementById('label');"
        "b.value = 'Water, Glycerin, Sodium Hyal, Panthenol';"
        "b.dispatchEvent(new Event('input'));")
    check(wait_for(driver, "CAUTION on day 3"), "a name not checked is never safe")
    clicked = click_text(driver, "#unchecked button.suggest", "Sodium Hyaluronate")
    check(clicked, "the suggestion is a button")
    if clicked:
        check(wait_for(driver, "SAFE on day 3"), "taking the suggestion checks the label again")
        check(driver.find_element(By.ID, "label").get_attribute("value") ==
              "Water, Glycerin, Sodium Hyaluronate, Panthenol", "the suggestion replaced the name in the label")

    # A screen reader's view: every control has a name, and the verdict is said in words.
    driver.execute_cdp_cmd("Accessibility.enable", {})
    nodes = driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]
    unnamed = []
    for n in nodes:
        role = n.get("role", {}).get("value")
        if n.get("ignored") or role not in ("button", "textbox", "combobox", "slider", "link", "spinbutton"):
            continue
        if not (n.get("name", {}).get("value") or "").strip():
            unnamed.append(role)
    check(not unnamed, f"every control has an accessible name (unnamed: {unnamed})")
    live = driver.find_element(By.CSS_SELECTOR, "section[aria-live]")
    check("SAFE" in live.text, "the verdict is said in words in a live region, not by colour alone")

    # On a phone: nothing wider than the screen.
    driver.set_window_size(390, 844)
    time.sleep(0.5)
    wide = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    check(wide <= 0, f"the page fits a 390 px phone screen ({wide} px too wide)")
    driver.save_screenshot(out + "/serve-phone.png")
    driver.set_window_size(1200, 1600)

    # A clinic's stock: the report opens in a tab of its own.
    driver.get(url + "#stock")
    WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#stock-protocol option"))
    check(driver.find_element(By.ID, "view-check").get_attribute("hidden") is not None, "the stock view alone is shown")
    driver.find_element(By.ID, "stock-file").send_keys(stock_file)
    days = driver.find_element(By.ID, "stock-days")
    days.clear()
    days.send_keys("7")
    driver.save_screenshot(out + "/serve-stock.png")
    tabs = set(driver.window_handles)
    driver.find_element(By.CSS_SELECTOR, "#stock-form button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: len(set(d.window_handles) - tabs) == 1)
    driver.switch_to.window((set(driver.window_handles) - tabs).pop())
    WebDriverWait(driver, 30).until(lambda d: "Clinic stock review" in d.title)
    check("clinic-stock.csv" in driver.title, f"the report is the stock's ({driver.title})")
    body = driver.find_element(By.TAG_NAME, "body").text
    check("Hydrating Facial Cleanser" in body, "the report lists the stock's products")
    driver.save_screenshot(out + "/serve-stock-report.png")

    # A patient's plan: the handout opens in a tab of its own, dated from the treatment day.
    driver.switch_to.window(driver.window_handles[0])
    driver.get(url + "#plan")
    WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#plan-protocol option"))
    driver.find_element(By.ID, "plan-file").send_keys(routine_file)
    driver.execute_script("document.getElementById('plan-treated').value = '2026-12-07';")
    driver.find_element(By.ID, "plan-patient").send_keys("A. Patient")
    tabs = set(driver.window_handles)
    driver.find_element(By.CSS_SELECTOR, "#plan-form button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: len(set(d.window_handles) - tabs) == 1)
    driver.switch_to.window((set(driver.window_handles) - tabs).pop())
    WebDriverWait(driver, 30).until(lambda d: "Aftercare plan for A. Patient" in d.title)
    body = driver.find_element(By.TAG_NAME, "body").text
    check("Mon 7 Dec 2026" in body and "Keep away until Mon 21 Dec" in body,
          "the handout is dated from the treatment day")
    driver.save_screenshot(out + "/serve-plan-handout.png")
    driver.switch_to.window(driver.window_handles[0])

    # A catalog: the scan is a download, the records `aftercare scan` writes.
    downloads = os.path.join(out, "downloads")
    os.makedirs(downloads, exist_ok=True)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    driver.get(url + "#catalog")
    WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#catalog-protocol option"))
    driver.find_element(By.ID, "catalog-file").send_keys(stock_file)
    day = driver.find_element(By.ID, "catalog-day")
    day.clear()
    day.send_keys("3")
    driver.find_element(By.CSS_SELECTOR, "#catalog-form button[type=submit]").click()
    target = os.path.join(downloads, "clinic-stock-day-3.csv")
    for _ in range(300):
        if os.path.exists(target) and not os.path.exists(target + ".crdownload"):
            break
        time.sleep(0.1)
    got = open(target, encoding="utf-8").read() if os.path.exists(target) else None
    check(got is not None, "the scan downloads as clinic-stock-day-3.csv")
    check(got == open(expected_scan, encoding="utf-8").read(), "the download is what `aftercare scan` writes")
    # A file with no product: the error as a page, with the way back.
    empty = os.path.join(out, "empty.csv")
    open(empty, "w").close()
    driver.get(url + "#catalog")
    WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#catalog-protocol option"))
    driver.find_element(By.ID, "catalog-file").send_keys(empty)
    driver.find_element(By.CSS_SELECTOR, "#catalog-form button[type=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.TAG_NAME, "h1") and
                                    "could not be used" in d.find_element(By.TAG_NAME, "h1").text)
    check("empty catalog" in driver.find_element(By.TAG_NAME, "body").text, "the error page says why")
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and "422" not in e["message"]]
    check(not severe, f"no errors in the console on the upload pages: {severe}")
finally:
    driver.quit()
finish("serve page: ok")
