/* Render arithmatex output (`generic: true`) with the KaTeX shipped in this site. KaTeX (75 KB
   compressed) is fetched only when a page has math, once per visit. Material's `document$` fires on
   the first load and after every instant navigation, so math renders on pages reached through
   in-site links too. */
(function () {
  var here = document.currentScript ? document.currentScript.src : location.href;

  function loadKatex() {
    if (window.katex) return Promise.resolve(window.katex);
    return notesKb.script(new URL("katex/katex.min.js", here)) /* beside this file */
      .then(function () { return window.katex; });
  }

  function hasMath(root) {
    if (root.querySelector(".arithmatex:not([data-kb-rendered])")) return true;
    return Array.prototype.some.call(root.querySelectorAll(".md-nav__link"), function (element) {
      return element.textContent.indexOf("\\(") >= 0;
    });
  }

  function renderNow(root) {
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

  /* For previews and practice mode, which show math fetched from other pages. */
  function renderMath(root) {
    if (!hasMath(root)) return Promise.resolve();
    return loadKatex().then(function () { renderNow(root); });
  }
  window.notesKbRenderMath = renderMath;

  function renderAll() {
    if (!hasMath(document)) return;
    loadKatex().then(function () {
      renderNow(document);
      renderNavigationMath(document);
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(renderAll);
  } else {
    document.addEventListener("DOMContentLoaded", renderAll);
  }
})();
