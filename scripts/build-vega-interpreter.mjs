// Vega's expression interpreter, so charts draw under a Content-Security-Policy without eval.
// The package ships an ES module that imports vega-util by its bare name; the browser has no import
// map (it would be an inline script), so this writes a copy that takes the same three names from the
// Vega build already on the page (window.vega). Run by `npm run build`; the output is not committed.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";

const source = readFileSync("node_modules/vega-interpreter/build/vega-interpreter.js", "utf8");
const from = "import { ascending, isString, DisallowedObjectProperties } from 'vega-util';";
if (!source.includes(from)) {
  throw new Error("vega-interpreter's import of vega-util has changed: update scripts/build-vega-interpreter.mjs");
}
mkdirSync("spotlight/static/build", { recursive: true });
writeFileSync(
  "spotlight/static/build/vega-interpreter.js",
  source.replace(from, "const { ascending, isString, DisallowedObjectProperties } = window.vega;"),
);
