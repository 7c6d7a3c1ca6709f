// Parse Mermaid charts with the real Mermaid parser, for tests/test_hostile_charts.py.
// Usage: node mermaid_parse.mjs NODE_MODULES_DIR < charts.json
// Reads a JSON list of chart texts on standard input and prints a JSON list with, for each
// chart, {"error": the parser's first lines} when it does not parse, else what Mermaid read:
// for a gantt {"sections": [...], "tasks": [[section, text], ...]}, for a pie {"sections": [...]}. Many charts in one process,
// so a property test costs one node start-up, not one per example.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const modules = resolve(process.argv[2]);
const require = createRequire(join(modules, 'noop.js'));
const { JSDOM } = require('jsdom');
// Mermaid's sanitiser (DOMPurify) needs a window even to parse.
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const entry = require.resolve('mermaid');
const { default: mermaid } = await import(pathToFileURL(entry).href);
mermaid.initialize({ startOnLoad: false });

const charts = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const chart of charts) {
  try {
    await mermaid.parse(chart);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(chart);
    results.push(read(diagram));
  } catch (err) {
    results.push({ error: String(err && err.message || err).split('\n').slice(0, 4).join(' | ') });
  }
}
process.stdout.write(JSON.stringify(results));

function read(diagram) {
  const db = diagram.db;
  if (diagram.type === 'gantt') {
    return { sections: db.getSections(), tasks: db.getTasks().map((t) => [t.section, t.task]) };
  }
  if (diagram.type === 'pie') {
    return { sections: [...db.getSections().keys()] };
  }
  return { type: diagram.type };
}
