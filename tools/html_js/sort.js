// Loads a `convcalc report` page in jsdom with its scripts, clicks a layer-table heading twice and
// prints the column's cells (and the names) after each click: tests/report/draw/test_html.py.
"use strict";
const fs = require("fs");
const { JSDOM } = require("jsdom");

const [page, heading] = process.argv.slice(2);
const dom = new JSDOM(fs.readFileSync(page, "utf8"), { runScripts: "dangerously" });
const table = dom.window.document.querySelector("table.layers");
const headings = Array.from(table.querySelectorAll("thead th"));
const column = headings.findIndex((th) => th.textContent.trim() === heading);
if (column < 0) {
  throw new Error(`no heading ${heading}`);
}
function state() {
  const rows = Array.from(table.tBodies[0].rows);
  return {
    sort: headings[column].getAttribute("aria-sort"),
    cells: rows.map((row) => row.cells[column].textContent),
    names: rows.map((row) => row.cells[1].textContent),
  };
}
const before = state();
headings[column].querySelector("button").click();
const first = state();
headings[column].querySelector("button").click();
const second = state();
process.stdout.write(JSON.stringify({ before, first, second }));
