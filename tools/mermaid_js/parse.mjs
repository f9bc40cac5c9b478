// Reads each Mermaid file named on the command line with Mermaid's own parser (mermaid.parse, what
// GitHub's and GitLab's renderers run first) and prints {file: null | the parser's message} as
// JSON; exits 1 if any file is refused. One process for many files: importing mermaid takes
// seconds. Used by tests/report/draw/test_graph_formats.py and tests/test_readme_formats.py.
import fs from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

// The packages are in a cache named by NODE_PATH, which only require() searches: import() is
// given the file require.resolve finds.
const require = createRequire(import.meta.url);
const { JSDOM } = require("jsdom");

// Mermaid sanitises labels with DOMPurify, which needs a window: node has none, jsdom gives one.
const { window } = new JSDOM("");
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import(pathToFileURL(require.resolve("mermaid")).href);

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write("usage: node parse.mjs FILE.mmd...\n");
  process.exit(2);
}
const verdicts = {};
for (const file of files) {
  try {
    await mermaid.parse(fs.readFileSync(file, "utf8"));
    verdicts[file] = null;
  } catch (error) {
    verdicts[file] = String(error?.message ?? error);
  }
}
process.stdout.write(JSON.stringify(verdicts));
const refused = Object.entries(verdicts).filter(([, message]) => message !== null);
for (const [file, message] of refused) {
  process.stderr.write(`${file}: ${message}\n`);
}
process.exit(refused.length > 0 ? 1 : 0);
