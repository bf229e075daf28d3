/* notes-kb: the formula index's filter box. Runs after every page load and instant navigation
   (Material's `document$`); nothing is loaded from another host. */
(function () {
  function setUpFilter() {
    var input = document.querySelector("input.kb-formula-filter");
    if (!input || input.dataset.kbReady) return;
    input.dataset.kbReady = "1";
    input.addEventListener("input", function () {
      var query = input.value.trim().toLowerCase();
      var entries = document.querySelectorAll(".kb-formula");
      entries.forEach(function (entry) {
        var text = ((entry.dataset.search || "") + " " + entry.textContent).toLowerCase();
        entry.hidden = query !== "" && text.indexOf(query) < 0;
      });
      /* A topic heading stays only while one of its entries does. */
      document.querySelectorAll(".md-content h2").forEach(function (heading) {
        var shown = false;
        for (var node = heading.nextElementSibling; node && node.tagName !== "H2"; node = node.nextElementSibling) {
          if (node.classList.contains("kb-formula") && !node.hidden) shown = true;
        }
        heading.hidden = !shown;
      });
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(setUpFilter);
  } else {
    document.addEventListener("DOMContentLoaded", setUpFilter);
  }
})();
