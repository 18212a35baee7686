"""Drives the sidecar dashboard in real headless Chromium (Debian's chromium + chromedriver).

Usage: CLIENT_TOKEN=… python3 tests/dashboard.py BASE_URL ADMIN_TOKEN PROVIDER SCREENSHOT_PATH
Prints one JSON report. Exits non-zero when a step fails.
"""
import json, os, sys, time, urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

base, token, provider, screenshot = sys.argv[1:5]
options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--window-size=1280,900"]:
    options.add_argument(flag)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)

def wait(what, fn, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            value = fn()
            if value:
                return value
        except Exception:
            pass
        time.sleep(0.1)
    raise SystemExit(f"timed out waiting for {what}")

report = {}
try:
    # Without a token the page asks for one.
    driver.get(base + "/dashboard")
    wait("the token form", lambda: driver.find_element(By.ID, "login").is_displayed())
    box = driver.find_element(By.ID, "token")
    box.send_keys(token)
    driver.find_element(By.CSS_SELECTOR, "#login button").click()
    row = f'#backends-table tr[data-name="{provider}"]'
    wait("the provider row", lambda: driver.find_elements(By.CSS_SELECTOR, row))
    report["stored_token_in_session"] = driver.execute_script("return sessionStorage.getItem('bizwings-admin-token') !== null")
    before = wait("the totals", lambda: driver.find_element(By.ID, "total-requests").text.replace(",", "").strip().isdigit()
                  and int(driver.find_element(By.ID, "total-requests").text.replace(",", "")) + 1)
    before -= 1
    req = urllib.request.Request(base + "/v1/chat/completions", method="POST",
                                 data=json.dumps({"model": "m", "messages": []}).encode(),
                                 headers={"content-type": "application/json",
                                          "authorization": "Bearer " + os.environ["CLIENT_TOKEN"]})
    urllib.request.urlopen(req, timeout=10).read()
    after = wait("the counter to move", lambda: (lambda n: n if n > before else None)(
        int(driver.find_element(By.ID, "total-requests").text.replace(",", ""))))
    report["requests_before"], report["requests_after"] = before, after
    report["live_label"] = driver.find_element(By.ID, "live").text
    driver.find_element(By.CSS_SELECTOR, '#tabs button[data-tab="providers"]').click()
    wait("the providers table", lambda: driver.find_elements(By.CSS_SELECTOR, f'#providers-table tr[data-name="{provider}"]'))
    report["providers_row"] = driver.find_element(By.CSS_SELECTOR, f'#providers-table tr[data-name="{provider}"]').text
    driver.find_element(By.CSS_SELECTOR, '#tabs button[data-tab="usage"]').click()
    wait("the usage table", lambda: driver.find_elements(By.CSS_SELECTOR, "#usage-table tbody tr"))
    report["chart_bars"] = len(driver.find_elements(By.CSS_SELECTOR, "#usage-chart rect"))
    driver.find_element(By.CSS_SELECTOR, '#tabs button[data-tab="clients"]').click()
    wait("the clients table", lambda: driver.find_elements(By.CSS_SELECTOR, "#clients-table tbody tr td"))
    report["clients_row"] = driver.find_element(By.CSS_SELECTOR, "#clients-table tbody tr").text
    driver.find_element(By.CSS_SELECTOR, '#tabs button[data-tab="overview"]').click()
    urls = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name).concat([location.href])")
    report["external_requests"] = [u for u in urls if not u.startswith(base)]
    driver.save_screenshot(screenshot)
    report["screenshot"] = screenshot
finally:
    driver.quit()
print(json.dumps(report))
