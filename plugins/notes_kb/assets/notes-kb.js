/* notes-kb: what the site's scripts share (window.notesKb): the site root, kb.json and built pages
   fetched once per visit, and a hook that runs after every page load and instant navigation
   (Material's `document$`). Nothing is loaded from another host. */
(function () {
  var kb = null, pages = new Map();
  /* This script is ROOT/assets/notes-kb/notes-kb.js. (Material's __config base is relative to the
     first page loaded, and instant navigation does not update it.) */
  var siteRoot = new URL("../../", document.currentScript ? document.currentScript.src : location.href).href;
  function root() {
    return new URL(siteRoot);
  }
  function json() {
    if (!kb) {
      kb = fetch(new URL("kb.json", root())).then(function (response) {
        if (!response.ok) throw new Error("kb.json: " + response.status);
        return response.json();
      });
      kb.catch(function () { kb = null; });
    }
    return kb;
  }
  /* A built page of this site, parsed; its links and images made absolute, so a piece of it can
     be shown on another page. */
  function page(url) {
    var key = String(url).split("#")[0];
    if (!pages.has(key)) {
      var loaded = fetch(key).then(function (response) {
        if (!response.ok) throw new Error(key + ": " + response.status);
        return response.text();
      }).then(function (text) {
        var doc = new DOMParser().parseFromString(text, "text/html");
        doc.querySelectorAll("[href]").forEach(function (el) { el.setAttribute("href", new URL(el.getAttribute("href"), key).href); });
        doc.querySelectorAll("img[src]").forEach(function (el) { el.setAttribute("src", new URL(el.getAttribute("src"), key).href); });
        return doc;
      });
      loaded.catch(function () { pages.delete(key); });
      pages.set(key, loaded);
    }
    return pages.get(key);
  }
  function onPage(setUp) {
    if (typeof document$ !== "undefined") document$.subscribe(setUp);
    else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
    else setUp();
  }
  /* Resolves once the math in `element` is rendered (KaTeX may have to be fetched first). */
  function renderMath(element) {
    return window.notesKbRenderMath ? window.notesKbRenderMath(element) : Promise.resolve();
  }
  /* A script of this site, added once per visit when a page first needs it (KaTeX, the graph layout). */
  var scripts = new Map();
  function script(url) {
    var key = String(url);
    if (!scripts.has(key)) {
      scripts.set(key, new Promise(function (resolve, reject) {
        var element = document.createElement("script");
        element.src = key;
        element.onload = resolve;
        element.onerror = function () { scripts.delete(key); reject(new Error(key + " did not load")); };
        document.head.appendChild(element);
      }));
    }
    return scripts.get(key);
  }
  window.notesKb = { root: root, kb: json, page: page, onPage: onPage, renderMath: renderMath, script: script };
})();

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
  notesKb.onPage(setUpFilter);
})();

/* Search queries reach Material's search worker cut into words: Chinese runs by longest match
   against the site's own dictionary (words.json, written at build time from the vocabulary and
   the topics), question words dropped (什么是 BN → BN), Chinese and Latin split where the script
   changes (1x1卷积 → 1x1 卷积), and 1×1 / 1*1 written as the index holds them (`*` is a wildcard to
   the search engine). The search box keeps what the reader typed: only the worker's copy changes.
   Material's worker then cuts every Han run once more against its index, but never lets a word end
   where the run ends (its loop stops one character short), so 深度可分离卷积 became 深度 可分离 and
   卷积 was lost. Each Han word therefore goes with a Han character no index holds (〇): the word
   itself can now match whole, and the worker drops the sentinel with the rest of what it cannot find. */
(function () {
  var QUERY = 2; /* Material's SearchMessageType.QUERY */
  var SENTINEL = "\u3007";
  var words = null, stop = null, longest = 1;
  function load() {
    fetch(new URL("assets/notes-kb/words.json", notesKb.root()))
      .then(function (response) { return response.json(); })
      .then(function (data) {
        words = new Set(data.words.concat(data.stop));
        stop = new Set(data.stop);
        words.forEach(function (word) { longest = Math.max(longest, word.length); });
      })
      .catch(function () { /* no dictionary: queries are only split by script */ });
  }
  function cut(run) {
    if (!words) return [run];
    var parts = [], unknown = "";
    for (var i = 0; i < run.length;) {
      var length = Math.min(longest, run.length - i);
      while (length > 1 && !words.has(run.substr(i, length))) length--;
      var word = run.substr(i, length);
      if (length > 1 || words.has(word)) {
        if (unknown) { parts.push(unknown); unknown = ""; }
        parts.push(word);
      } else {
        unknown += word;
      }
      i += length;
    }
    if (unknown) parts.push(unknown);
    return parts;
  }
  function prepare(query) {
    var terms = query
      .replace(/(\d)\s*[×xX*✕]\s*(\d)/g, "$1x$2")
      .replace(/[\u4e00-\u9fff]+/g, function (run) { return " " + cut(run).join(" ") + " "; })
      .trim().split(/\s+/);
    var kept = stop ? terms.filter(function (term) { return !stop.has(term); }) : terms;
    return (kept.length ? kept : terms).map(function (term) {
      return /[\u4e00-\u9fff]$/.test(term) ? term + SENTINEL : term;
    }).join(" ");
  }
  window.notesKbSearchQuery = prepare; /* for tests and curious readers */
  if (typeof Worker === "undefined") return;
  load();
  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === QUERY && typeof message.data === "string") {
      arguments[0] = Object.assign({}, message, { data: prepare(message.data) });
    }
    return post.apply(this, arguments);
  };
})();

/* A question page is reached from its topic, not listed in the nav: mark its topic in the sidebar as
   the place the reader is, and open the 主题 section, as Material does for pages in the nav. */
(function () {
  function markTopic() {
    var topic = document.querySelector(".kb-breadcrumb a");
    if (!topic) return;
    var here = new URL(topic.href, location.href).pathname;
    document.querySelectorAll(".md-nav--primary a.md-nav__link").forEach(function (link) {
      if (new URL(link.href, location.href).pathname !== here) return;
      link.classList.add("md-nav__link--active");
      link.setAttribute("aria-current", "page");
      for (var item = link.closest(".md-nav__item--nested"); item; item = item.parentElement.closest(".md-nav__item--nested")) {
        var toggle = item.querySelector(":scope > input.md-nav__toggle");
        if (toggle) toggle.checked = true;
      }
    });
  }
  notesKb.onPage(markTopic);
})();
