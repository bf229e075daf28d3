/* Render arithmatex output (`generic: true`) with the KaTeX shipped in this site.
   Material's `document$` fires on the first load and after every instant navigation, so math
   renders on pages reached through in-site links too. */
(function () {
  function renderMath(root) {
    root.querySelectorAll(".arithmatex").forEach(function (element) {
      if (element.dataset.kbRendered) return;
      var display = element.tagName === "DIV";
      var tex = element.textContent.trim();
      tex = display ? tex.replace(/^\\\[/, "").replace(/\\\]$/, "")
                    : tex.replace(/^\\\(/, "").replace(/\\\)$/, "");
      katex.render(tex, element, { displayMode: display, throwOnError: false });
      element.dataset.kbRendered = "1";
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { renderMath(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { renderMath(document); });
  }
})();
