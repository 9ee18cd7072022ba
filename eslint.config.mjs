// ESLint for the site's own JavaScript (`./dev lint`, and `./dev test` first):
// ESLint's recommended rules on ES modules, with the globals of where each
// file runs. Built output (site/, build/) and installed packages (.venv/,
// node_modules/) are not ours.
import js from "@eslint/js";
import globals from "globals";

const CALCULATOR = "docs/assets/calculator";
// The Web Worker and the modules only it imports (pyodide-wheel.js also runs
// under Node, from tools/pyodide_run.mjs: it may use neither's own globals).
const WORKER = ["worker.js", "snapshot.js", "pyodide-module.js", "pyodide-wheel.js"].map(
  (name) => `${CALCULATOR}/${name}`,
);

export default [
  { ignores: ["site/**", "build/**", "dist/**", ".venv/**", "node_modules/**"] },
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: "latest", sourceType: "module" },
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  { files: [`${CALCULATOR}/**/*.js`], ignores: WORKER, languageOptions: { globals: globals.browser } },
  { files: WORKER, languageOptions: { globals: globals.worker } },
  // Classic scripts every page loads before Material's bundle.
  { files: ["docs/assets/site/**/*.js"], languageOptions: { sourceType: "script", globals: globals.browser } },
  { files: ["tools/**/*.mjs", "eslint.config.mjs"], languageOptions: { globals: globals.node } },
];
