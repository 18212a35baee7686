"""Drives the sidecar dashboard in real headless Chromium (Debian's chromium + chromedriver).

Usage: CLIENT_TOKEN=… CLIENT=… MODEL=… python3 tests/dashboard.py BASE_URL ADMIN_TOKEN PROVIDER SCREENSHOT_DIR
Screenshots of every tab go to SCREENSHOT_DIR/dashboard-TAB.png.
Prints one JSON report. Exits non-zero when a step fails.
"""
import json, os, sys, time, urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

base, token, provider, shots = sys.argv[1:5]
client, model = os.environ["CLIENT"], os.environ["MODEL"]
options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--window-size=1280,900"]:
    options.add_argument(flag)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)

def wait(what, fn, timeout=30):
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
    # The live charts draw points from the feed (two readings a second apart make the first).
    wait("live chart points", lambda: len(driver.find_elements(By.CSS_SELECTOR, "#live-rps circle.pt")) >= 2)
    report["live_points"] = len(driver.find_elements(By.CSS_SELECTOR, "#live-rps circle.pt"))
    report["live_legends"] = driver.find_element(By.CSS_SELECTOR, "#live-latency + .legend").text
    report["tabs"] = {}

    def tab(name, ready):
        driver.find_element(By.CSS_SELECTOR, f'#tabs button[data-tab="{name}"]').click()
        wait(f"the {name} tab", ready)
        time.sleep(0.3)
        report["tabs"][name] = driver.find_element(By.ID, name).text
        driver.save_screenshot(f"{shots}/dashboard-{name}.png")

    tab("overview", lambda: driver.find_elements(By.CSS_SELECTOR, f'#backends-table tr[data-name="{provider}"]'))
    tab("providers", lambda: driver.find_elements(By.CSS_SELECTOR, f'#providers-table tr[data-name="{provider}"]'))
    report["providers_row"] = driver.find_element(By.CSS_SELECTOR, f'#providers-table tr[data-name="{provider}"]').text
    report["usage_bars"] = {}
    report["usage_legends"] = {}
    for by in ["client", "model", "provider"]:
        driver.find_element(By.CSS_SELECTOR, "#tabs button[data-tab=\"overview\"]").click()
        driver.find_element(By.CSS_SELECTOR, '#tabs button[data-tab="usage"]').click()
        driver.execute_script(f"document.querySelector('#usage-by').value = '{by}'; document.querySelector('#usage-by').dispatchEvent(new Event('change'))")
        wait(f"usage bars by {by}", lambda: driver.find_elements(By.CSS_SELECTOR, "#usage-chart rect")
             and by in driver.find_element(By.ID, "usage-title").text)
        report["usage_bars"][by] = len(driver.find_elements(By.CSS_SELECTOR, "#usage-chart rect"))
        report["usage_legends"][by] = driver.find_element(By.CSS_SELECTOR, "#usage-chart + .legend").text
    tab("usage", lambda: driver.find_elements(By.CSS_SELECTOR, "#usage-chart rect"))
    tab("clients", lambda: driver.find_elements(By.CSS_SELECTOR, f'#client-usage-table tr[data-name="{client}"]'))
    report["clients_row"] = driver.find_element(By.CSS_SELECTOR, "#clients-table tbody tr").text
    # One click from a client to its requests; the one that failed over shows both attempts on
    # its time line.
    driver.find_element(By.CSS_SELECTOR, f'#client-usage-table button[data-requests="{client}"]').click()
    wait("the client's requests", lambda: driver.find_elements(By.CSS_SELECTOR, "#requests-table tbody tr[data-id]"))
    report["requests_filter_client"] = driver.execute_script("return document.querySelector('#requests-filter').client.value")
    report["requests_rows"] = len(driver.find_elements(By.CSS_SELECTOR, "#requests-table tbody tr[data-id]"))
    failed_over = [tr for tr in driver.find_elements(By.CSS_SELECTOR, "#requests-table tbody tr[data-id]")
                   if "dash-flaky:429" in tr.text]
    report["requests_failed_over"] = len(failed_over)
    if failed_over:
        failed_over[0].click()
        wait("the request's time line", lambda: len(driver.find_elements(By.CSS_SELECTOR, "#request-timeline rect.attempt")) >= 2)
        report["request_bars"] = len(driver.find_elements(By.CSS_SELECTOR, "#request-timeline rect.attempt"))
        report["request_detail"] = driver.find_element(By.ID, "request-detail").text
        driver.save_screenshot(f"{shots}/dashboard-request.png")
    # A request made now appears without a reload (the tab polls what was logged since).
    before_live = report["requests_rows"]
    urllib.request.urlopen(urllib.request.Request(
        base + "/v1/chat/completions", method="POST", data=json.dumps({"model": model, "messages": []}).encode(),
        headers={"Authorization": "Bearer " + os.environ["CLIENT_TOKEN"], "Content-Type": "application/json",
                 "x-request-id": "dash-live-1"}), timeout=10).read()
    wait("the new request in the table", lambda: driver.find_elements(By.CSS_SELECTOR, '#requests-table tbody tr[data-request-id="dash-live-1"]'))
    report["requests_live"] = len(driver.find_elements(By.CSS_SELECTOR, "#requests-table tbody tr[data-id]")) > before_live
    tab("cooldowns", lambda: driver.find_elements(By.CSS_SELECTOR, "#cooldown-table tbody tr td"))
    driver.find_element(By.CSS_SELECTOR, '#tabs button[data-tab="overview"]').click()
    urls = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name).concat([location.href])")
    report["external_requests"] = [u for u in urls if not u.startswith(base)]
    # A link with the token in its fragment logs in and leaves no token in the address bar.
    driver.execute_script("sessionStorage.clear()")
    driver.get("about:blank")
    driver.get(base + "/dashboard#token=" + token)
    wait("the login from the link", lambda: driver.execute_script("return sessionStorage.getItem('bizwings-admin-token') !== null"))
    report["token_left_in_address"] = "token" in driver.execute_script("return location.href")
finally:
    driver.quit()
print(json.dumps(report))
