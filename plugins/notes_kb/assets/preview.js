/* notes-kb: hover previews. Pointing at (or tabbing to, or long-pressing on a touch screen) a link
   to a question page shows that question's title, topic and first paragraph, math rendered, taken
   from the page itself. Escape, moving away or leaving focus closes it. */
(function () {
  var SHOW_AFTER = 350, HIDE_AFTER = 250, LONG_PRESS = 500;
  var card = null, current = null, showTimer = 0, hideTimer = 0, pressTimer = 0, questionUrls = null;

  function questions() {
    if (!questionUrls) {
      questionUrls = notesKb.kb().then(function (kb) {
        var root = notesKb.root(), urls = new Map();
        kb.questions.forEach(function (q) { urls.set(new URL(q.url, root).href, q); });
        return urls;
      });
      questionUrls.catch(function () { questionUrls = null; });
    }
    return questionUrls;
  }

  function target(node) {
    var link = node && node.closest ? node.closest(".md-content a[href]") : null;
    if (!link || link.closest(".kb-preview") || link.classList.contains("headerlink")) return null;
    return link;
  }

  function ensureCard() {
    if (card) return card;
    card = document.createElement("div");
    card.className = "kb-preview";
    card.id = "kb-preview";
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    card.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    card.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(card);
    return card;
  }

  function summary(doc, question) {
    var article = doc.querySelector("article") || doc.body;
    var paragraph = null;
    article.querySelectorAll("p, li").forEach(function (candidate) {
      if (paragraph || candidate.closest(".kb-nav") || !candidate.textContent.trim()) return;
      paragraph = candidate;
    });
    var box = document.createElement("div");
    var title = document.createElement("div");
    title.className = "kb-preview-title";
    title.textContent = question.title;
    var topic = document.createElement("div");
    topic.className = "kb-preview-topic";
    topic.textContent = "主题：" + question.topic;
    box.appendChild(title);
    box.appendChild(topic);
    if (paragraph) {
      var body = document.createElement("div");
      body.className = "kb-preview-body";
      body.innerHTML = paragraph.innerHTML; /* from this site's own sanitized page */
      body.querySelectorAll("a").forEach(function (a) { a.replaceWith.apply(a, Array.from(a.childNodes)); });
      box.appendChild(body);
    }
    return box;
  }

  function place(link) {
    var rect = link.getBoundingClientRect();
    var width = Math.min(360, window.innerWidth - 16);
    card.style.width = width + "px";
    card.style.left = Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + window.innerWidth - width - 8)) + "px";
    var below = rect.bottom + window.scrollY + 6;
    card.style.top = below + "px";
    var height = card.offsetHeight;
    if (rect.bottom + height + 12 > window.innerHeight && rect.top > height + 12) {
      card.style.top = (rect.top + window.scrollY - height - 6) + "px";
    }
  }

  function show(link) {
    clearTimeout(hideTimer);
    if (current === link && card && !card.hidden) return;
    current = link;
    questions().then(function (urls) {
      var url = new URL(link.getAttribute("href"), location.href);
      var question = urls.get(url.href.split("#")[0]);
      if (!question || current !== link || url.href.split("#")[0] === location.href.split("#")[0]) return null;
      return notesKb.page(url.href).then(function (doc) {
        if (current !== link) return;
        var content = summary(doc, question);
        return notesKb.renderMath(content).then(function () { /* never a flash of raw TeX */
          if (current !== link) return;
          ensureCard().replaceChildren(content);
          card.hidden = false;
          link.setAttribute("aria-describedby", card.id);
          place(link);
        });
      });
    }).catch(function () { /* no preview: the link still works */ });
  }

  function hide() {
    clearTimeout(showTimer);
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    if (card) card.hidden = true;
  }

  function scheduleHide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_AFTER);
  }

  document.addEventListener("mouseover", function (event) {
    var link = target(event.target);
    if (!link) return;
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    showTimer = setTimeout(function () { show(link); }, SHOW_AFTER);
  });
  document.addEventListener("mouseout", function (event) {
    if (target(event.target)) scheduleHide();
  });
  document.addEventListener("focusin", function (event) {
    var link = target(event.target);
    if (link) show(link);
  });
  document.addEventListener("focusout", function (event) {
    if (target(event.target)) scheduleHide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
  /* Touch: a long press previews; a tap still follows the link. */
  document.addEventListener("touchstart", function (event) {
    var link = target(event.target);
    clearTimeout(pressTimer);
    if (!link) { hide(); return; }
    pressTimer = setTimeout(function () {
      link.dataset.kbPressed = "1";
      show(link);
    }, LONG_PRESS);
  }, { passive: true });
  document.addEventListener("touchend", function () { clearTimeout(pressTimer); });
  document.addEventListener("click", function (event) {
    var link = target(event.target);
    if (link && link.dataset.kbPressed) { /* the press was for the preview, not to leave the page */
      delete link.dataset.kbPressed;
      event.preventDefault();
      event.stopPropagation(); /* instant navigation listens further down, and ignores preventDefault */
    }
  }, true);
  notesKb.onPage(hide); /* instant navigation swaps the page under the card */
})();
