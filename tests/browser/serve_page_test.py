"""The page of `aftercare serve` in real headless Chromium, driven as a user
would: paste a real label, see the verdict and the highlighted text, move the
day slider, open the share link in a fresh page, print to PDF, paste hostile
text. Run by serve_run.sh: serve_page_test.py URL LABEL_FILE OUT_DIR."""
import base64
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

url, label_file, out = sys.argv[1], sys.argv[2], sys.argv[3]
label = open(label_file, encoding="utf-8").read().strip()

opts = webdriver.ChromeOptions()
for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,1600"):
    opts.add_argument(a)
opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def verdict_text(d, timeout=15):
    WebDriverWait(d, timeout).until(
        lambda d: d.find_element(By.ID, "verdict").get_attribute("data-v") in ("safe", "caution", "avoid", "error"))
    return d.find_element(By.ID, "verdict").text


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
    check(wait_for(driver, "CAUTION on day 1"), "the CeraVe PM label is a caution on day 1 (niacinamide)")
    spans = driver.find_elements(By.CSS_SELECTOR, "#text span[data-status]")
    check(len(spans) >= 10, f"every ingredient highlighted in the pasted text ({len(spans)} spans)")
    niacinamide = [s for s in spans if s.text == "Niacinamide"]
    check(niacinamide and niacinamide[0].get_attribute("data-status") == "caution", "Niacinamide marked caution")
    check(niacinamide and "niacinamide" in (niacinamide[0].get_attribute("title") or ""), "its reason on hover")
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
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
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
finally:
    driver.quit()

if failures:
    print(len(failures), "failure(s)")
    sys.exit(1)
print("serve page: ok")
