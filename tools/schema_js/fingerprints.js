// GitHub's own fingerprinting (github/codeql-action src/fingerprints.ts, vendored unchanged in
// tests/fixtures/codeql_action/src) run on SARIF logs, as upload-sarif runs it before uploading.
//
//   node fingerprints.js SRC_DIR OUT_DIR SOURCE_ROOT LOG.sarif...
//
// Compiles SRC_DIR's TypeScript into OUT_DIR with the typescript package (only the types are
// dropped), then prints a JSON list: each log after addFingerprints. NODE_PATH names the
// node_modules holding typescript and long.
"use strict";
const fs = require("fs");
const path = require("path");
const ts = require("typescript");

const [srcDir, outDir, sourceRoot, ...logs] = process.argv.slice(2);

function compile(directory) {
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const from = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      compile(from);
      continue;
    }
    if (!entry.name.endsWith(".ts")) continue;
    const out = ts.transpileModule(fs.readFileSync(from, "utf8"), {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2020,
        esModuleInterop: true,
      },
      fileName: from,
    });
    const to = path.join(outDir, path.relative(srcDir, from)).replace(/\.ts$/, ".js");
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.writeFileSync(to, out.outputText);
  }
}

// The Logger the action passes; messages go to stderr, where the test can show them.
const logger = {
  debug: (m) => process.stderr.write(`debug: ${m}\n`),
  info: () => {},
  warning: (m) => process.stderr.write(`warning: ${m}\n`),
  error: (m) => process.stderr.write(`error: ${m}\n`),
};

async function main() {
  compile(srcDir);
  const fingerprints = require(path.resolve(outDir, "fingerprints.js"));
  const done = [];
  for (const log of logs) {
    const sarif = JSON.parse(fs.readFileSync(log, "utf8"));
    done.push(await fingerprints.addFingerprints(sarif, path.resolve(sourceRoot), logger));
  }
  process.stdout.write(JSON.stringify(done));
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
