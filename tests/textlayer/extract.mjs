#!/usr/bin/env node
// extract.mjs — print the text pdf.js extracts from PDFs, as a reader would get it.
//
//   node extract.mjs PDF            the text of each page, pages separated by a form feed
//   node extract.mjs --json PDF...  one JSON object: {"PDF": {"pages": ["page 1 text", ...]}
//                                   or {"error": "message"}, ...}; one node process for many
//                                   PDFs (recall.py --table uses this)
//
// Uses the legacy build of pdfjs-dist (it runs on Debian 12's node 18); no fonts are
// loaded (text extraction only needs the ToUnicode maps). Items are joined as a reader
// joins them: item.str one after another, a newline where pdf.js marks the end of a line
// (hasEOL). pdf.js inserts its own space items where it sees a gap between glyph runs.
import { readFile } from "node:fs/promises";

// pdf.js writes its messages with console.log; keep stdout for the text alone. Its
// "Cannot polyfill DOMMatrix/Path2D" warnings come at import time, before verbosity 0
// applies, and only concern rendering (the optional canvas packages are not installed).
console.log = (...args) => {
  if (/Cannot polyfill/.test(String(args[0]))) return;
  console.error(...args);
};

const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
pdfjs.GlobalWorkerOptions.workerSrc = new URL(
  import.meta.resolve("pdfjs-dist/legacy/build/pdf.worker.mjs"),
).href;

async function extract(path) {
  const data = new Uint8Array(await readFile(path));
  const task = pdfjs.getDocument({
    data,
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  });
  const doc = await task.promise;
  const pages = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let text = "";
      for (const item of content.items) {
        if (typeof item.str !== "string") continue; // marked-content markers
        text += item.str;
        if (item.hasEOL) text += "\n";
      }
      pages.push(text);
      page.cleanup();
    }
  } finally {
    await task.destroy();
  }
  return pages;
}

const args = process.argv.slice(2);
let json = false;
const files = [];
for (const a of args) {
  if (a === "--json") json = true;
  else if (a === "-h" || a === "--help") {
    process.stdout.write("usage: extract.mjs [--json] PDF...\n");
    process.exit(0);
  } else files.push(a);
}
if (files.length === 0) {
  process.stderr.write("usage: extract.mjs [--json] PDF...\n");
  process.exit(2);
}
if (files.length > 1) json = true;

let status = 0;
if (json) {
  const out = {};
  for (const f of files) {
    try {
      out[f] = { pages: await extract(f) };
    } catch (e) {
      out[f] = { error: String(e && e.message ? e.message : e) };
      status = 1;
    }
  }
  process.stdout.write(JSON.stringify(out) + "\n");
} else {
  try {
    const pages = await extract(files[0]);
    process.stdout.write(pages.map((p) => p + "\n").join("\f"));
  } catch (e) {
    process.stderr.write(`extract.mjs: ${files[0]}: ${e && e.message ? e.message : e}\n`);
    status = 1;
  }
}
process.exitCode = status;
