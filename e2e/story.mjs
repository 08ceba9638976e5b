// End-to-end story of TrackChild in headless Chromium against the real server. A police station
// files a missing child. A Child Welfare Committee registers the same child, found elsewhere and
// described differently. The matcher suggests the pair, the CWC member confirms it, and both
// e-files end up linked with the missing child traced.
//
// Environment:
//   TRACKCHILD_BIN         server binary (default target/debug/trackchild)
//   TRACKCHILD_STATIC_DIR  built SPA (default frontend/dist; build it with scripts/build-spa.sh)
//   CHROMIUM_PATH          browser (default /usr/bin/chromium)
// Screenshots go to e2e/screenshots/NN-name.png. The last line is "N passed, M failed".

import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { launchBrowser } from "./lib/browser.mjs";
import { startServer } from "./lib/server.mjs";

const e2eDir = dirname(fileURLToPath(import.meta.url));
const screenshotDir = join(e2eDir, "screenshots");
const serverBinary = resolve(process.env.TRACKCHILD_BIN ?? "target/debug/trackchild");
const staticDir = resolve(process.env.TRACKCHILD_STATIC_DIR ?? "frontend/dist");

const PHONE = { width: 360, height: 780 };
const DESKTOP = { width: 1280, height: 900 };
/** Maximum wait for the matcher's suggestion after the found child is registered. */
const SUGGESTION_TIMEOUT_MS = 20_000;
/** Maximum wait for the matcher to finish its queued re-match jobs. */
const MATCHER_IDLE_TIMEOUT_MS = 20_000;
/** Maximum wait for one screen element. */
const ELEMENT_TIMEOUT_MS = 15_000;
const PASSWORD = "trackchild-demo";

let passed = 0;
let failed = 0;
let shotNumber = 0;

/** Runs one named step; a failure ends the story, because later steps build on earlier ones. */
async function step(name, action) {
  try {
    await action();
    passed += 1;
    console.log(`ok ${passed + failed} - ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`not ok ${passed + failed} - ${name}`);
    console.log(`  ${String(error?.stack ?? error).split("\n").join("\n  ")}`);
    throw new StepFailure(name, { cause: error });
  }
}

/** Thrown by `step` after it has counted and printed the failure. */
class StepFailure extends Error {}

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

async function screenshot(page, name) {
  shotNumber += 1;
  const file = join(screenshotDir, `${String(shotNumber).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
}

/** Calendar date in India `daysAgo` days before today, as YYYY-MM-DD (the server validates in IST). */
function indiaDate(daysAgo) {
  const istOffsetMs = 5.5 * 60 * 60 * 1000;
  const date = new Date(Date.now() + istOffsetMs - daysAgo * 24 * 60 * 60 * 1000);
  return date.toISOString().slice(0, 10);
}

function byTestId(page, testId) {
  return page.locator(`[data-testid="${testId}"]`);
}

async function visible(page, testId) {
  const locator = byTestId(page, testId).first();
  await locator.waitFor({ state: "visible", timeout: ELEMENT_TIMEOUT_MS });
  return locator;
}

/**
 * Waits until `/metrics` reports no pending re-match job. The matcher indexes a report before it
 * marks the report's job done, so afterwards every report filed so far is in its index.
 */
async function waitForMatcherIdle(baseUrl) {
  const deadline = Date.now() + MATCHER_IDLE_TIMEOUT_MS;
  for (;;) {
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    const pending = /^trackchild_match_jobs_pending (-?\d+)$/m.exec(metrics)?.[1];
    check(pending !== undefined, "/metrics has no trackchild_match_jobs_pending line");
    if (pending === "0") {
      return;
    }
    check(Date.now() < deadline, `the matcher still has ${pending} pending jobs after 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function fill(page, path, value) {
  await byTestId(page, `input-${path}`).fill(value);
}

/** Picks an option once it exists: district lists appear only after the State is chosen. */
async function choose(page, path, value) {
  const select = byTestId(page, `input-${path}`);
  await select.locator(`option[value="${value}"]`).waitFor({ state: "attached", timeout: ELEMENT_TIMEOUT_MS });
  await select.selectOption(value);
}

async function logIn(page, username) {
  await visible(page, "login-form");
  await fill(page, "username", username);
  await fill(page, "password", PASSWORD);
  // Enter in the password field submits, as it would for a keyboard user.
  await byTestId(page, "input-password").press("Enter");
  await visible(page, "current-user");
}

async function logOut(page) {
  await byTestId(page, "logout").click();
  await visible(page, "login-form");
}

async function fillChild(page, child) {
  await fill(page, "child.name", child.name);
  await choose(page, "child.sex", child.sex);
  await fill(page, "child.age_years_min", child.ageMin);
  await fill(page, "child.age_years_max", child.ageMax);
  await choose(page, "child.age_basis", child.ageBasis);
  await fill(page, "child.height_cm", child.height);
  await choose(page, "child.complexion", child.complexion);
  await byTestId(page, "add-mark").click();
  await choose(page, "child.identification_marks[0].type", "mole");
  await choose(page, "child.identification_marks[0].body_location", "left_cheek");
  for (const language of child.languages) {
    await byTestId(page, `language-${language}`).check();
  }
  await fill(page, "child.mother_name", child.mother);
  await fill(page, "child.dress", child.dress);
}

/** Fills the found-report form with the story's found child, found at the Satara bus stand. */
async function fillFoundReport(page, found) {
  await fillChild(page, found);
  await fill(page, "found_date", found.foundOn);
  await fillPlace(page, "found_place", "494", "Satara ST bus stand");
  await choose(page, "found_by", "railway_police");
  await choose(page, "circumstances", "railway_or_bus_station");
}

async function fillPlace(page, prefix, district, text) {
  await choose(page, `${prefix}.state_code`, "27");
  await choose(page, `${prefix}.district_code`, district);
  await fill(page, `${prefix}.text`, text);
}

/** Text of the status badge in `scope` for `group`, as its wire code. */
async function statusOf(page, group) {
  return (await visible(page, `status-${group}`)).getAttribute("data-status");
}

async function waitForStatus(page, group, code) {
  await page
    .locator(`[data-testid="status-${group}"][data-status="${code}"]`)
    .first()
    .waitFor({ state: "visible", timeout: ELEMENT_TIMEOUT_MS });
}

async function phoneStory(context, baseUrl, story) {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => console.log(`  page error: ${error.message}`));

  await step("unauthenticated visit shows the login page", async () => {
    await page.goto(`${baseUrl}/`);
    await visible(page, "login-form");
    await screenshot(page, "login");
  });

  await step("login page switches to Hindi and back", async () => {
    await byTestId(page, "lang-hi").click();
    await page.getByRole("heading", { name: "ट्रैकचाइल्ड में लॉग इन करें" }).waitFor({ timeout: ELEMENT_TIMEOUT_MS });
    check((await page.getAttribute("html", "lang")) === "hi", "<html lang> is not hi after switching");
    await screenshot(page, "login-hindi");
    await byTestId(page, "lang-en").click();
    await page.getByRole("heading", { name: "Log in to TrackChild" }).waitFor({ timeout: ELEMENT_TIMEOUT_MS });
  });

  await step("wrong password shows the catalogue message", async () => {
    await fill(page, "username", "demo-police");
    await fill(page, "password", "not-the-password");
    await byTestId(page, "login-submit").click();
    const problem = await visible(page, "problem");
    check((await problem.getAttribute("data-code")) === "invalid_credentials", "expected invalid_credentials");
    check((await problem.innerText()).includes("Wrong username or password"), "message is not from the catalogue");
  });

  await step("demo-police logs in to the dashboard", async () => {
    await logIn(page, "demo-police");
    await visible(page, "new-missing-report");
    await page.waitForFunction(() => document.title === "Dashboard · TrackChild", null, { timeout: ELEMENT_TIMEOUT_MS });
    await screenshot(page, "dashboard-police");
  });

  await step("invalid missing report shows field errors", async () => {
    await byTestId(page, "new-missing-report").click();
    await visible(page, "missing-form");
    await choose(page, "last_seen_place.state_code", "27");
    await fill(page, "child.name", story.missing.name);
    await fill(page, "child.age_years_min", "12");
    await fill(page, "child.age_years_max", "9");
    await byTestId(page, "submit-report").click();
    await visible(page, "error-summary");
    const sexError = await visible(page, "error-child.sex");
    check((await sexError.innerText()).trim().length > 0, "the sex error is empty");
    const described = await byTestId(page, "input-child.sex").getAttribute("aria-describedby");
    check(described?.includes("f-child-sex-error"), `sex input is not described by its error (${described})`);
    await screenshot(page, "missing-form-errors");
  });

  await step("valid missing report is filed", async () => {
    await fillChild(page, story.missing);
    await fill(page, "child.father_name", story.missing.father);
    await fill(page, "last_seen_date", story.missing.lastSeen);
    await fillPlace(page, "last_seen_place", "490", "Pune railway station, platform 3");
    await fill(page, "fir_number", "0412/2026");
    await fill(page, "fir_date", story.missing.lastSeen);
    await choose(page, "circumstances", "lost");
    await choose(page, "complainant_relation", "mother");
    await fill(page, "complainant_phone", "+91 98220 12345");
    await byTestId(page, "submit-report").click();
    // The demo data may hold a report close enough to be listed as a possible duplicate. The
    // panel then comes before the new report opens, and the next step checks it in detail.
    await page
      .locator('[data-testid="possible-duplicates"], [data-testid="case-number"]')
      .first()
      .waitFor({ state: "visible", timeout: ELEMENT_TIMEOUT_MS });
    if (await byTestId(page, "possible-duplicates").isVisible()) {
      await byTestId(page, "continue-to-new-report").click();
    }
    await page.waitForURL(/\/missing-reports\/[0-9a-f-]{36}$/, { timeout: ELEMENT_TIMEOUT_MS });
    story.missingId = page.url().split("/").pop();
    story.missingCase = (await (await visible(page, "case-number")).innerText()).trim();
    check(/^MH-490-\d{4}-MIS-\d{6}$/.test(story.missingCase), `unexpected case number ${story.missingCase}`);
    check((await statusOf(page, "missing_status")) === "fir_registered", "a report with an FIR is not fir_registered");
    await screenshot(page, "missing-report-filed");
  });

  await step("a photo uploaded to the missing report shows as a thumbnail", async () => {
    // A 320x240 JPEG drawn in the page, so the story needs no image file in the repository.
    const base64 = await page.evaluate(() => {
      const canvas = document.createElement("canvas");
      canvas.width = 320;
      canvas.height = 240;
      const context = canvas.getContext("2d");
      context.fillStyle = "#f2c9a0";
      context.fillRect(0, 0, 320, 240);
      context.fillStyle = "#5a3a22";
      context.beginPath();
      context.arc(160, 110, 60, 0, 2 * Math.PI);
      context.fill();
      return canvas.toDataURL("image/jpeg", 0.9).split(",")[1];
    });
    await visible(page, "add-photo-form");
    await byTestId(page, "input-photo-file").setInputFiles({
      name: "child.jpg",
      mimeType: "image/jpeg",
      buffer: Buffer.from(base64, "base64"),
    });
    await fill(page, "taken_on", story.missing.lastSeen);
    await fill(page, "source", "Mother's phone");
    await choose(page, "consent", "guardian_consent");
    await byTestId(page, "upload-photo").click();
    const thumbnail = await visible(page, "photo-thumbnail");
    check((await thumbnail.getAttribute("src"))?.startsWith("blob:"), "the thumbnail is not shown from a Blob URL");
    await page.waitForFunction(
      () => document.querySelector('[data-testid="photo-thumbnail"]')?.naturalWidth > 0,
      null,
      { timeout: ELEMENT_TIMEOUT_MS },
    );
    await thumbnail.scrollIntoViewIfNeeded();
    await screenshot(page, "photo-added");
  });

  await step("a second report of the same child lists the first as a possible duplicate", async () => {
    // The same child, date and place as the report filed above, as another officer might file it.
    // The create response lists only reports already in the matcher's index.
    await waitForMatcherIdle(baseUrl);
    await byTestId(page, "home-link").click();
    await byTestId(page, "new-missing-report").click();
    await visible(page, "missing-form");
    await fillChild(page, story.missing);
    await fill(page, "child.father_name", story.missing.father);
    await fill(page, "last_seen_date", story.missing.lastSeen);
    await fillPlace(page, "last_seen_place", "490", "Pune railway station, platform 3");
    await byTestId(page, "submit-report").click();

    const panel = await visible(page, "possible-duplicates");
    check(/\/missing-reports\/new$/.test(page.url()), `the form navigated away before the panel showed (${page.url()})`);
    check(!(await byTestId(page, "missing-form").isVisible()), "the form is still shown beside the panel");
    const first = panel.locator(`[data-testid="possible-duplicate"][data-report-id="${story.missingId}"]`);
    await first.waitFor({ state: "visible", timeout: ELEMENT_TIMEOUT_MS });
    const caseNumber = (await first.locator('[data-testid="duplicate-case-number"]').innerText()).trim();
    check(caseNumber === story.missingCase, `the duplicate shows case ${caseNumber}, not ${story.missingCase}`);
    const probability = (await first.locator('[data-testid="duplicate-probability"]').innerText()).trim();
    check(/^[<>]?\d{1,3}%$/.test(probability), `the probability ${probability} is not a percentage`);
    // demo-police owns the first report, so the card links to it instead of offering break-glass.
    const open = first.locator('[data-testid="hit-open"]');
    await open.waitFor({ state: "visible", timeout: ELEMENT_TIMEOUT_MS });
    check((await open.getAttribute("href")) === `/missing-reports/${story.missingId}`, "the open link does not lead to the first report");
    // A police station reads only its own unit's missing reports, so a listed report of another
    // unit (the demo data may hold one) offers break-glass and no link.
    const ownUnit = (await first.locator('[data-testid="duplicate-owner"]').innerText()).trim();
    for (const card of await panel.locator('[data-testid="possible-duplicate"]').all()) {
      const owner = (await card.locator('[data-testid="duplicate-owner"]').innerText()).trim();
      const action = owner === ownUnit ? "hit-open" : "break-glass-open";
      await card.locator(`[data-testid="${action}"]`).waitFor({ state: "visible", timeout: ELEMENT_TIMEOUT_MS });
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    check(overflow <= 0, `the panel is ${overflow} px wider than the phone screen`);
    await screenshot(page, "possible-duplicates");

    await byTestId(page, "lang-hi").click();
    await page.getByRole("heading", { name: "इस बच्चे की रिपोर्ट शायद पहले से दर्ज है" }).waitFor({ timeout: ELEMENT_TIMEOUT_MS });
    await screenshot(page, "possible-duplicates-hindi");
    await byTestId(page, "lang-en").click();
    await page.getByRole("heading", { name: "This child may already be reported" }).waitFor({ timeout: ELEMENT_TIMEOUT_MS });

    await byTestId(page, "continue-to-new-report").click();
    await page.waitForURL(/\/missing-reports\/[0-9a-f-]{36}$/, { timeout: ELEMENT_TIMEOUT_MS });
    const secondId = page.url().split("/").pop();
    check(secondId !== story.missingId, "continuing opened the first report, not the new one");
    await visible(page, "case-number");
  });

  await step("a call that gets 401 refreshes through the cookie and retries once", async () => {
    let refreshes = 0;
    let rejected = 0;
    const countRefresh = (request) => {
      if (request.url().endsWith("/api/v1/auth/refresh")) {
        refreshes += 1;
      }
    };
    page.on("request", countRefresh);
    // The first list request gets the 401 an expired access token would get.
    await page.route("**/api/v1/missing-reports?*", async (route) => {
      if (rejected > 0) {
        return route.continue();
      }
      rejected += 1;
      const problem = { type: "about:blank", title: "Unauthorized", status: 401, detail: "expired", code: "invalid_token" };
      return route.fulfill({ status: 401, contentType: "application/problem+json", body: JSON.stringify(problem) });
    });
    await byTestId(page, "home-link").click();
    await page.locator(`[data-testid="report-link"][data-case="${story.missingCase}"]`).waitFor({ timeout: ELEMENT_TIMEOUT_MS });
    await page.unroute("**/api/v1/missing-reports?*");
    page.off("request", countRefresh);
    check(rejected === 1, `expected one rejected list request, saw ${rejected}`);
    check(refreshes === 1, `expected one refresh, saw ${refreshes}`);
  });

  await step("reload keeps the session through the refresh cookie", async () => {
    await page.goto(`${baseUrl}/`);
    await visible(page, "current-user");
    await page.locator(`[data-testid="report-link"][data-case="${story.missingCase}"]`).waitFor({ timeout: ELEMENT_TIMEOUT_MS });
  });

  await step("demo-police logs out", async () => {
    await logOut(page);
  });

  await step("demo-cwc registers the same child once, despite a lost response", async () => {
    await logIn(page, "demo-cwc");
    await byTestId(page, "new-found-report").click();
    await visible(page, "found-form");
    await fillFoundReport(page, story.found);

    // The first create reaches the server, but its response is lost on the way back.
    let lostId = null;
    await page.route("**/api/v1/found-reports", async (route) => {
      if (lostId !== null || route.request().method() !== "POST") {
        return route.continue();
      }
      const response = await route.fetch();
      lostId = (await response.json()).id;
      return route.abort("connectionreset");
    });
    await byTestId(page, "submit-report").click();
    const problem = await visible(page, "problem");
    check((await problem.getAttribute("data-code")) === "transport", "a lost response is not shown as a network error");

    // Submitting again replays the same Idempotency-Key, so the server returns the first report.
    await byTestId(page, "submit-report").click();
    await page.waitForURL(/\/found-reports\/[0-9a-f-]{36}$/, { timeout: ELEMENT_TIMEOUT_MS });
    await page.unroute("**/api/v1/found-reports");
    story.foundId = page.url().split("/").pop();
    check(story.foundId === lostId, `the retry created a second report (${story.foundId}, first ${lostId})`);
    await screenshot(page, "found-report-registered");
  });

  await step("a second found report of the same child lists the first as a possible duplicate", async () => {
    // The same child registered again, as happens when a child reaches a second home. The create
    // response lists only reports already in the matcher's index.
    await waitForMatcherIdle(baseUrl);
    await byTestId(page, "home-link").click();
    await byTestId(page, "new-found-report").click();
    await visible(page, "found-form");
    await fillFoundReport(page, story.found);
    await byTestId(page, "submit-report").click();

    const panel = await visible(page, "possible-duplicates");
    check(/\/found-reports\/new$/.test(page.url()), `the form navigated away before the panel showed (${page.url()})`);
    const first = panel.locator(`[data-testid="possible-duplicate"][data-report-id="${story.foundId}"]`);
    await first.waitFor({ state: "visible", timeout: ELEMENT_TIMEOUT_MS });
    const probability = (await first.locator('[data-testid="duplicate-probability"]').innerText()).trim();
    check(/^[<>]?\d{1,3}%$/.test(probability), `the probability ${probability} is not a percentage`);
    await screenshot(page, "found-possible-duplicates");

    await byTestId(page, "continue-to-new-report").click();
    await page.waitForURL(/\/found-reports\/[0-9a-f-]{36}$/, { timeout: ELEMENT_TIMEOUT_MS });
    const secondId = page.url().split("/").pop();
    check(secondId !== story.foundId, "continuing opened the first found report, not the new one");
    await page.goto(`${baseUrl}/found-reports/${story.foundId}`);
    await page.waitForURL(new RegExp(`/found-reports/${story.foundId}$`), { timeout: ELEMENT_TIMEOUT_MS });
  });

  await step("the missing child is suggested within 20 s", async () => {
    const suggestion = page.locator(`[data-testid="suggestion-link"][data-missing="${story.missingId}"]`);
    const deadline = Date.now() + SUGGESTION_TIMEOUT_MS;
    while (!(await suggestion.isVisible())) {
      check(Date.now() < deadline, `no suggestion for missing report ${story.missingId} after 20 s`);
      await page.waitForTimeout(2_000);
      await byTestId(page, "refresh-suggestions").click();
    }
    await screenshot(page, "found-report-suggestion");
    await suggestion.click();
  });

  await step("match review shows probability, both children and the explanation", async () => {
    const probability = await visible(page, "match-probability");
    check(/^[<>]?\d{1,3}%$/.test((await probability.innerText()).trim()), "probability is not a percentage");
    await visible(page, "side-by-side");
    // The missing report got a photo earlier in the story, so its thumbnail heads the comparison.
    await visible(page, "match-photos");
    await byTestId(page, "match-photos").locator('[data-testid="photo-thumbnail"]').waitFor({ timeout: ELEMENT_TIMEOUT_MS });
    await visible(page, "explanation");
    const rows = await byTestId(page, "explanation-row").count();
    check(rows > 0, "the explanation has no rows");
    // The demo cohort is large enough for a fitted model, so every suggestion carries the line
    // that weighs it against other reports, shown with its catalogue label.
    const rivals = page.locator('[data-testid="explanation-row"][data-field="other_candidates"]');
    await rivals.waitFor({ timeout: ELEMENT_TIMEOUT_MS });
    const rivalText = (await rivals.innerText()).trim();
    check(!rivalText.includes("other_candidates"), `the rival line shows a raw code: ${rivalText}`);
    // The child was filed twice earlier in the story. A second filing is no rival, so it must not
    // halve the suggestion.
    const probabilityText = (await probability.innerText()).trim();
    const percent = Number(probabilityText.replace(/[<>%]/g, ""));
    check(percent > 60, `the suggestion shows ${probabilityText}; the second filing was counted as a rival`);
    check((await statusOf(page, "match_status")) === "suggested", "the suggestion is not open");
    await screenshot(page, "match-review");
  });

  await step("match review reads in Hindi", async () => {
    await byTestId(page, "lang-hi").click();
    await page.getByRole("heading", { name: "यह मिलान क्यों सुझाया गया" }).waitFor({ timeout: ELEMENT_TIMEOUT_MS });
    await screenshot(page, "match-review-hindi");
    await byTestId(page, "lang-en").click();
    await page.getByRole("heading", { name: "Why this match was suggested" }).waitFor({ timeout: ELEMENT_TIMEOUT_MS });
  });

  await step("confirming links both reports", async () => {
    await byTestId(page, "basis-parents_identified").check();
    await byTestId(page, "basis-identification_marks").check();
    await byTestId(page, "confirm-note").fill("Mother identified the child by video call; mole on the left cheek matches.");
    await byTestId(page, "confirm-button").click();
    await waitForStatus(page, "match_status", "confirmed");
    await waitForStatus(page, "missing_status", "traced");
    await waitForStatus(page, "found_status", "family_traced");
    await visible(page, "decision");
    await screenshot(page, "match-confirmed");
  });

  await step("found report shows family traced and the link", async () => {
    await byTestId(page, "found-report-link").click();
    await page.waitForURL(new RegExp(`/found-reports/${story.foundId}$`), { timeout: ELEMENT_TIMEOUT_MS });
    await waitForStatus(page, "found_status", "family_traced");
    const link = await visible(page, "linked-report-link");
    check((await link.getAttribute("href")) === `/missing-reports/${story.missingId}`, "the link does not open the missing report");
    await screenshot(page, "found-report-linked");
  });

  await step("demo-police sees the missing child traced and linked", async () => {
    await logOut(page);
    await logIn(page, "demo-police");
    await page.locator(`[data-testid="report-link"][data-case="${story.missingCase}"]`).click();
    await waitForStatus(page, "missing_status", "traced");
    const link = await visible(page, "linked-report-link");
    check((await link.getAttribute("href")) === `/found-reports/${story.foundId}`, "the link does not open the found report");
    await screenshot(page, "missing-report-traced");
  });
}

async function desktopStory(context, baseUrl, story) {
  const page = context.pages()[0] ?? (await context.newPage());

  await step("desktop: dashboard, traced report and decided match render", async () => {
    await page.goto(`${baseUrl}/`);
    await logIn(page, "demo-police");
    await screenshot(page, "desktop-dashboard");
    await page.locator(`[data-testid="report-link"][data-case="${story.missingCase}"]`).click();
    await waitForStatus(page, "missing_status", "traced");
    await screenshot(page, "desktop-missing-traced");
    await page.locator(`[data-testid="suggestion-link"][data-found="${story.foundId}"]`).click();
    await waitForStatus(page, "match_status", "confirmed");
    await screenshot(page, "desktop-match-confirmed");
  });

  await step("desktop: a suggestion is rejected with a reason", async () => {
    await page.goto(`${baseUrl}/`);
    const waiting = byTestId(page, "waiting-suggestions").locator('[data-testid="suggestion-link"]').first();
    await waiting.waitFor({ timeout: ELEMENT_TIMEOUT_MS });
    await waiting.click();
    await waitForStatus(page, "match_status", "suggested");
    await byTestId(page, "reject-reason").selectOption("different_child");
    await byTestId(page, "reject-note").fill("Parents saw the photograph; not their child.");
    await byTestId(page, "reject-button").click();
    await waitForStatus(page, "match_status", "rejected");
    const decision = await visible(page, "decision");
    check((await decision.innerText()).includes("A different child"), "the decision does not show the reason");
    await screenshot(page, "desktop-match-rejected");
  });

  await step("desktop: a wrong confirmation is undone with a note", async () => {
    await page.goto(`${baseUrl}/missing-reports/${story.missingId}`);
    await page.locator(`[data-testid="suggestion-link"][data-found="${story.foundId}"]`).click();
    await waitForStatus(page, "match_status", "confirmed");
    await byTestId(page, "unlink-note").fill("Entered against the wrong missing report; the DNA test differs.");
    await byTestId(page, "unlink-button").click();
    await waitForStatus(page, "match_status", "unlinked");
    const missingStatus = await statusOf(page, "missing_status");
    check(missingStatus !== "traced", `the missing report is still traced after the undo (${missingStatus})`);
    check((await statusOf(page, "found_status")) === "reported", "the found report did not return to reported");
    await screenshot(page, "desktop-match-unlinked");
  });

  await step("desktop: dashboard reads in Hindi", async () => {
    await page.goto(`${baseUrl}/`);
    await byTestId(page, "lang-hi").click();
    await page.getByRole("heading", { name: "डैशबोर्ड" }).waitFor({ timeout: ELEMENT_TIMEOUT_MS });
    await screenshot(page, "desktop-dashboard-hindi");
    await byTestId(page, "lang-en").click();
  });
}

async function main() {
  rmSync(screenshotDir, { recursive: true, force: true });
  mkdirSync(screenshotDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), "trackchild-e2e-"));
  const story = {
    missing: {
      name: "Aarti Sunil Jadhav",
      sex: "female",
      ageMin: "11",
      ageMax: "11",
      ageBasis: "stated",
      height: "138",
      complexion: "wheatish",
      languages: ["mar", "hin"],
      father: "Sunil Jadhav",
      mother: "Sunita Jadhav",
      dress: "Green school uniform, black sandals",
      lastSeen: indiaDate(20),
    },
    found: {
      name: "Arti Jadav",
      sex: "female",
      ageMin: "10",
      ageMax: "13",
      ageBasis: "appearance",
      height: "140",
      complexion: "wheatish",
      languages: ["mar"],
      mother: "Sunita",
      dress: "Green uniform",
      foundOn: indiaDate(2),
    },
  };

  let server;
  const contexts = [];
  try {
    await step("server starts with demo data", async () => {
      server = await startServer({ binary: serverBinary, staticDir, dataDir });
      console.log(`  server at ${server.baseUrl}`);
    });
    const phone = await launchBrowser(PHONE);
    contexts.push(phone);
    await phoneStory(phone, server.baseUrl, story);
    const desktop = await launchBrowser(DESKTOP);
    contexts.push(desktop);
    await desktopStory(desktop, server.baseUrl, story);
  } catch (error) {
    // A failure outside any step (the browser would not start, say) still fails the run.
    if (!(error instanceof StepFailure)) {
      failed += 1;
      console.log(`not ok ${passed + failed} - ${error?.stack ?? error}`);
    }
    for (const context of contexts) {
      const page = context.pages()[0];
      if (page) {
        await page.screenshot({ path: join(screenshotDir, "failure.png"), fullPage: true }).catch(() => {});
      }
    }
    if (server) {
      console.log(`  server output (last lines):\n${server.outputTail()}`);
    }
  } finally {
    for (const context of contexts) {
      await context.close().catch(() => {});
    }
    server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
}

await main();
