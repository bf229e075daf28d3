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
  /* Headings with math reach the table of contents as plain text, `\(1\times 1\)卷积的作用`. */
  function renderNavigationMath(root) {
    root.querySelectorAll(".md-nav__link .md-ellipsis, .md-nav__link").forEach(function (element) {
      if (element.children.length || element.textContent.indexOf("\\(") < 0) return;
      var parts = element.textContent.split(/(\\\(.+?\\\))/);
      element.textContent = "";
      parts.forEach(function (part) {
        var tex = part.match(/^\\\((.+)\\\)$/);
        if (tex) {
          var span = document.createElement("span");
          katex.render(tex[1], span, { throwOnError: false });
          element.appendChild(span);
        } else if (part) {
          element.appendChild(document.createTextNode(part));
        }
      });
    });
  }
  window.notesKbRenderMath = renderMath; /* previews and practice mode render what they fetch */
  function renderAll() {
    renderMath(document);
    renderNavigationMath(document);
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(renderAll);
  } else {
    document.addEventListener("DOMContentLoaded", renderAll);
  }
})();
