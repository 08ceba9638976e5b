// Starts `trackchild serve --demo` on a free loopback port and stops it again.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

/** Maximum wait for the server's "listening on" line, which comes after the migrations. */
const START_TIMEOUT_MS = 60_000;
/** Lines of server output kept for the failure report. */
const KEPT_LINES = 60;

/**
 * Starts the server binary with demo data in `dataDir`, serving the SPA from `staticDir`.
 * Resolves to `{ baseUrl, stop, outputTail }` once the server prints
 * `listening on http://127.0.0.1:PORT`.
 */
export function startServer({ binary, staticDir, dataDir }) {
  if (!existsSync(binary)) {
    return Promise.reject(new Error(`server binary ${binary} not found; build it or set TRACKCHILD_BIN`));
  }
  if (!existsSync(`${staticDir}/index.html`)) {
    return Promise.reject(new Error(`${staticDir}/index.html not found; run scripts/build-spa.sh or set TRACKCHILD_STATIC_DIR`));
  }
  const args = ["serve", "--demo", "--bind", "127.0.0.1:0", "--data-dir", dataDir, "--static-dir", staticDir];
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  const lines = [];
  const keep = (chunk) => {
    lines.push(...chunk.toString().split("\n").filter((line) => line.length > 0));
    lines.splice(0, Math.max(0, lines.length - KEPT_LINES));
  };
  child.stderr.on("data", keep);
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
    }
  };
  process.once("exit", stop);

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`server printed no "listening on" line within ${START_TIMEOUT_MS / 1000} s:\n${lines.join("\n")}`));
    }, START_TIMEOUT_MS);
    child.stdout.on("data", (chunk) => {
      keep(chunk);
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(lines.join("\n"));
      if (match) {
        clearTimeout(timer);
        resolve({ baseUrl: match[1], stop, outputTail: () => lines.join("\n") });
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (code ${code}, signal ${signal}) before listening:\n${lines.join("\n")}`));
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`could not start ${binary}: ${error.message}`));
    });
  });
}
