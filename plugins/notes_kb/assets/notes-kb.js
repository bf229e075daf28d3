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

/* Search queries that mix Chinese and Latin letters (`1x1卷积`, `BN训练和预测`) reach Material's
   search worker split where the script changes, and the spellings of one kernel size (1×1, 1*1)
   as the one the index holds (`*` is a wildcard to the search engine). The search box keeps what
   the reader typed: only the message to the worker changes. */
(function () {
  var QUERY = 2; /* Material's SearchMessageType.QUERY */
  function prepare(query) {
    return query
      .replace(/(\d)\s*[×xX*✕]\s*(\d)/g, "$1x$2")
      .replace(/([\u4e00-\u9fff])(?=[A-Za-z0-9])/g, "$1 ")
      .replace(/([A-Za-z0-9])(?=[\u4e00-\u9fff])/g, "$1 ");
  }
  if (typeof Worker === "undefined") return;
  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === QUERY && typeof message.data === "string") {
      arguments[0] = Object.assign({}, message, { data: prepare(message.data) });
    }
    return post.apply(this, arguments);
  };
})();
