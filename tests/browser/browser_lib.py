"""What the browser tests share: headless Chromium through Debian's
chromedriver, with the console log kept, and a list of failed checks."""
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

failures = []


def chromium(width, height):
    """Headless Chromium in a window of width x height, its console log kept."""
    opts = webdriver.ChromeOptions()
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              f"--window-size={width},{height}"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def pdf_pages(pdf):
    """The pages of a PDF Chromium printed."""
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


def finish(ok_message):
    """Exits 1 when a check failed, else prints `ok_message`."""
    if failures:
        print(len(failures), "failure(s)")
        sys.exit(1)
    print(ok_message)
