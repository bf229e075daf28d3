/* notes-kb: practice mode (练习模式). Picks a random question (optionally from one topic, optionally
   only unseen ones), shows only the question, reveals the answers from its page on a click, and
   remembers which questions were revealed in this browser's local storage, nowhere else. */
(function () {
  var STORE = "notes-kb:seen:";

  function storeKey() { return STORE + notesKb.root().pathname; }
  function loadSeen() {
    try { return new Set(JSON.parse(localStorage.getItem(storeKey()) || "[]")); } catch (e) { return new Set(); }
  }
  function saveSeen(seen) {
    try { localStorage.setItem(storeKey(), JSON.stringify(Array.from(seen))); } catch (e) { /* private mode */ }
  }

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function answers(doc) {
    var article = (doc.querySelector("article") || doc.body).cloneNode(true);
    /* The plugin's blocks (sources, related, graph) go; its inline auto-links are part of the answer. */
    article.querySelectorAll("h1, .kb-nav:not(a), .md-source-file, .md-content__button, .headerlink")
      .forEach(function (node) { node.remove(); });
    return article;
  }

  function setUp() {
    var box = document.querySelector(".kb-practice");
    if (!box || box.dataset.kbReady) return;
    box.dataset.kbReady = "1";
    notesKb.kb().then(function (kb) { build(box, kb); }).catch(function () {
      box.querySelector(".kb-practice-status").textContent = "题目列表加载失败，请刷新重试。";
    });
  }

  function build(box, kb) {
    var seen = loadSeen(), question = null;
    var topics = make("select", "kb-practice-topic");
    topics.setAttribute("aria-label", "主题");
    topics.appendChild(new Option("全部主题", ""));
    (kb.topics || []).forEach(function (topic) {
      if (topic.questions) topics.appendChild(new Option(topic.name + "（" + topic.questions + "）", topic.name));
    });
    var unseenOnly = make("input");
    unseenOnly.type = "checkbox";
    unseenOnly.className = "kb-practice-unseen";
    var unseenLabel = make("label", "kb-practice-option");
    unseenLabel.append(unseenOnly, " 只出没看过的");
    var next = make("button", "md-button md-button--primary kb-practice-next", "下一题");
    var reveal = make("button", "md-button kb-practice-reveal", "显示答案");
    var reset = make("button", "md-button kb-practice-reset", "清除记录");
    var controls = make("div", "kb-practice-controls");
    controls.append(topics, unseenLabel);
    var card = make("div", "kb-practice-card");
    var title = make("h2", "kb-practice-question");
    var meta = make("p", "kb-practice-meta");
    var answer = make("div", "kb-practice-answer");
    answer.hidden = true;
    card.append(meta, title, answer);
    var buttons = make("div", "kb-practice-buttons");
    buttons.append(reveal, next, reset);
    var status = make("p", "kb-practice-status");
    box.replaceChildren(controls, card, buttons, status);

    function pool() {
      return kb.questions.filter(function (q) {
        return (!topics.value || q.topic === topics.value) && !(unseenOnly.checked && seen.has(q.id));
      });
    }
    function count() {
      var inTopic = kb.questions.filter(function (q) { return !topics.value || q.topic === topics.value; });
      var done = inTopic.filter(function (q) { return seen.has(q.id); }).length;
      status.textContent = "已看过 " + done + " / " + inTopic.length + " 题" + (topics.value ? "（" + topics.value + "）" : "");
    }
    function pick() {
      var candidates = pool().filter(function (q) { return !question || q.id !== question.id || pool().length === 1; });
      answer.hidden = true;
      answer.replaceChildren();
      reveal.disabled = !candidates.length;
      if (!candidates.length) {
        question = null;
        meta.textContent = "";
        title.textContent = unseenOnly.checked ? "这个范围里的题都看过了。" : "这个主题还没有题目。";
        count();
        return;
      }
      question = candidates[Math.floor(Math.random() * candidates.length)];
      meta.textContent = question.topic + (seen.has(question.id) ? " · 看过" : "");
      title.textContent = question.title;
      title.dataset.id = question.id;
      count();
    }
    function show() {
      if (!question) return;
      var shown = question, url = new URL(question.url, notesKb.root()).href;
      answer.hidden = false;
      answer.textContent = "正在加载答案……";
      notesKb.page(url).then(function (doc) {
        if (shown !== question) return;
        var open = make("p", "kb-practice-open");
        var link = make("a", "", "打开问题页 →");
        link.href = url;
        open.appendChild(link);
        var content = answers(doc);
        return notesKb.renderMath(content).then(function () {
          if (shown !== question) return;
          answer.replaceChildren(content, open);
          seen.add(shown.id);
          saveSeen(seen);
          count();
        });
      }).catch(function () {
        answer.textContent = "答案加载失败。";
      });
    }
    reveal.addEventListener("click", show);
    next.addEventListener("click", pick);
    reset.addEventListener("click", function () {
      seen.clear();
      saveSeen(seen);
      pick();
    });
    topics.addEventListener("change", pick);
    unseenOnly.addEventListener("change", pick);
    pick();
  }

  notesKb.onPage(setUp);
})();
