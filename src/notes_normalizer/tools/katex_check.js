// Render TeX with a given KaTeX build and report errors. Used by `notes-kb audit`.
// Usage: node katex_check.js path/to/katex.min.js < [{"tex": "...", "display": false}, ...]
// Prints a JSON array with, for each formula, null (rendered) or the KaTeX error message.
const katex = require(require("path").resolve(process.argv[2]));
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const results = JSON.parse(input).map(({ tex, display }) => {
    try {
      katex.renderToString(tex, { displayMode: display, throwOnError: true });
      return null;
    } catch (error) {
      return String(error.message || error);
    }
  });
  process.stdout.write(JSON.stringify(results));
});
