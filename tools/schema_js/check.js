// Checks convcalc.schema.json as JavaScript tools read it (tests/load/test_schema_js.py runs it):
// ajv compiles it in strict mode and validates documents; the YAML language server, which
// editors run, reports its diagnostics on specs and completes at a cursor (`|` in the text).
//
//   node check.js SCHEMA CASES  ->  a JSON report on standard output
//
// CASES is a JSON file: {"documents": {name: value}, "editor": {name: yaml text},
// "completion": {name: yaml text with one |}}. The packages come from NODE_PATH (package.json
// beside this file lists them and their versions).
"use strict";

const fs = require("fs");
const path = require("path");
const { pathToFileURL } = require("url");
const Ajv2020 = require("ajv/dist/2020").default;
const { TextDocument } = require("vscode-languageserver-textdocument");
const {
  getLanguageService,
} = require("yaml-language-server/lib/umd/languageservice/yamlLanguageService");

async function main() {
  const [schemaPath, casesPath] = process.argv.slice(2).map((p) => path.resolve(p));
  const text = fs.readFileSync(schemaPath, "utf8");
  const cases = JSON.parse(fs.readFileSync(casesPath, "utf8"));
  const schema = JSON.parse(text); // throws on Infinity, NaN and the like
  const report = { warnings: [], documents: {}, editor: {}, completion: {} };

  // Every strict check ajv has but strictRequired, which flags `required` in an anyOf branch
  // (how "filters, or one of its aliases" is written): valid JSON Schema, ajv's style rule only.
  // Warnings are collected: the test wants none.
  const note = (...args) => report.warnings.push(args.join(" "));
  const ajv = new Ajv2020({
    strict: true,
    strictRequired: false,
    allErrors: true,
    logger: { log: note, warn: note, error: note },
  });
  const validate = ajv.compile(schema);
  for (const [name, value] of Object.entries(cases.documents || {})) {
    validate(value);
    report.documents[name] = (validate.errors || []).map((e) => `${e.instancePath} ${e.message}`);
  }

  const uri = pathToFileURL(schemaPath).toString();
  const service = getLanguageService({
    schemaRequestService: () => Promise.resolve(text),
    workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).toString() },
  });
  service.configure({ validate: true, completion: true, hover: true, schemas: [{ uri, fileMatch: ["*.yaml"], schema }] });
  // Each document its own URI: the service caches a parse by URI and version.
  let count = 0;
  const open = (yaml) => TextDocument.create(`file:///spec${count++}.yaml`, "yaml", 1, yaml);
  for (const [name, yaml] of Object.entries(cases.editor || {})) {
    const diagnostics = await service.doValidation(open(yaml), false);
    report.editor[name] = diagnostics.map((d) => d.message);
  }
  for (const [name, yaml] of Object.entries(cases.completion || {})) {
    const cursor = yaml.indexOf("|");
    const document = open(yaml.replace("|", ""));
    const list = await service.doComplete(document, document.positionAt(cursor), false);
    report.completion[name] = list.items.map((item) => item.label);
  }
  process.stdout.write(JSON.stringify(report));
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
