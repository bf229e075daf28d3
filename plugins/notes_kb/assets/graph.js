/* notes-kb: the knowledge graph page. Questions from kb.json are nodes coloured by topic, links
   and related questions are edges. d3-force (shipped with the site, see d3/VERSION) lays them out;
   the drawing is plain SVG: wheel to zoom, drag the background to pan, drag a node to move it,
   click (or Enter on) a node to open its page, type in the box to highlight matching questions.
   The layout library is only fetched on the graph page. */
(function () {
  var SVG = "http://www.w3.org/2000/svg", XLINK = "http://www.w3.org/1999/xlink";

  function loadLayout(root) {
    if (window.d3 && window.d3.forceSimulation) return Promise.resolve(window.d3);
    return notesKb.script(new URL("assets/notes-kb/d3/d3-force.bundle.min.js", root))
      .then(function () { return window.d3; });
  }

  function element(name, attributes, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function graphData(kb) {
    var topics = (kb.topics || []).map(function (topic) { return topic.name; });
    var nodes = kb.questions.map(function (q) {
      if (topics.indexOf(q.topic) < 0) topics.push(q.topic);
      return { id: q.id, title: q.title, topic: q.topic, url: q.url, colour: topics.indexOf(q.topic) % 10 };
    });
    var known = new Set(nodes.map(function (n) { return n.id; }));
    var seen = new Set(), links = [];
    kb.questions.forEach(function (q) {
      (q.links || []).concat(q.related || []).forEach(function (other) {
        var key = q.id < other ? q.id + " " + other : other + " " + q.id;
        if (other === q.id || !known.has(other) || seen.has(key)) return;
        seen.add(key);
        links.push({ source: q.id, target: other });
      });
    });
    return { nodes: nodes, links: links };
  }

  function layout(d3, data) {
    var simulation = d3.forceSimulation(data.nodes)
      .force("link", d3.forceLink(data.links).id(function (n) { return n.id; }).distance(36))
      .force("charge", d3.forceManyBody().strength(-45).distanceMax(400))
      .force("x", d3.forceX().strength(0.04))
      .force("y", d3.forceY().strength(0.04))
      .stop();
    /* Computed before drawing, so the reader never watches it settle; fewer rounds for big graphs. */
    var rounds = data.nodes.length > 3000 ? 80 : data.nodes.length > 800 ? 160 : 300;
    for (var i = 0; i < rounds; i++) simulation.tick();
  }

  function draw(container, data, root) {
    var xs = data.nodes.map(function (n) { return n.x; }), ys = data.nodes.map(function (n) { return n.y; });
    var minX = Math.min.apply(null, xs) - 30, minY = Math.min.apply(null, ys) - 30;
    var width = Math.max.apply(null, xs) + 30 - minX, height = Math.max.apply(null, ys) + 30 - minY;
    var svg = element("svg", { viewBox: [minX, minY, width, height].join(" "), "aria-label": "知识图谱" });
    var view = element("g", { class: "kb-viewport" }, svg);
    var edges = element("g", { class: "kb-edges" }, view);
    var dots = element("g", { class: "kb-nodes" }, view);
    var byId = {};
    data.links.forEach(function (link) {
      link.line = element("line", { class: "kb-edge" }, edges);
    });
    data.nodes.forEach(function (node) {
      byId[node.id] = node;
      node.links = [];
      node.href = new URL(node.url, root).href;
      node.anchor = element("a", { class: "kb-graph-node", "data-id": node.id }, dots);
      /* Not `href`: Material's instant navigation sets `.href` on every [href], and an SVG link has none. */
      node.anchor.setAttributeNS(XLINK, "xlink:href", node.href);
      node.circle = element("circle", { r: 6, class: "kb-topic-" + node.colour }, node.anchor);
      element("title", {}, node.circle).textContent = node.title + "（" + node.topic + "）";
      node.label = element("text", { class: "kb-graph-label" }, node.anchor);
      node.label.textContent = node.title.length > 12 ? node.title.slice(0, 11) + "…" : node.title;
    });
    data.links.forEach(function (link) {
      link.source.links.push(link);
      link.target.links.push(link);
    });
    data.nodes.forEach(place);
    container.textContent = "";
    container.appendChild(svg);
    return { svg: svg, view: view };
  }

  function place(node) {
    node.circle.setAttribute("cx", node.x.toFixed(1));
    node.circle.setAttribute("cy", node.y.toFixed(1));
    node.label.setAttribute("x", node.x.toFixed(1));
    node.label.setAttribute("y", (node.y + 16).toFixed(1));
    node.links.forEach(function (link) {
      link.line.setAttribute("x1", link.source.x.toFixed(1));
      link.line.setAttribute("y1", link.source.y.toFixed(1));
      link.line.setAttribute("x2", link.target.x.toFixed(1));
      link.line.setAttribute("y2", link.target.y.toFixed(1));
    });
  }

  /* Wheel zooms around the pointer, dragging the background pans, dragging a node moves it.
     A press that does not move is a click: the node's link opens. */
  function interact(drawing, data) {
    var svg = drawing.svg, view = drawing.view;
    var zoom = { k: 1, x: 0, y: 0 };
    function apply() {
      view.setAttribute("transform", "translate(" + zoom.x + "," + zoom.y + ") scale(" + zoom.k + ")");
      svg.classList.toggle("kb-zoomed", zoom.k >= 1.8);
    }
    function point(event) {
      var p = svg.createSVGPoint();
      p.x = event.clientX; p.y = event.clientY;
      return p.matrixTransform(svg.getScreenCTM().inverse());
    }
    svg.addEventListener("wheel", function (event) {
      event.preventDefault();
      var p = point(event), factor = Math.exp(-event.deltaY * 0.002);
      var k = Math.min(8, Math.max(0.2, zoom.k * factor));
      zoom.x = p.x - (p.x - zoom.x) * (k / zoom.k);
      zoom.y = p.y - (p.y - zoom.y) * (k / zoom.k);
      zoom.k = k;
      apply();
    }, { passive: false });
    var press = null;
    svg.addEventListener("pointerdown", function (event) {
      var anchor = event.target.closest ? event.target.closest("a.kb-graph-node") : null;
      press = { node: anchor ? byIdOf(anchor) : null, start: point(event), zoom: { x: zoom.x, y: zoom.y }, moved: false };
      svg.setPointerCapture(event.pointerId);
      svg.style.cursor = "grabbing";
    });
    svg.addEventListener("pointermove", function (event) {
      if (!press) return;
      var p = point(event), dx = p.x - press.start.x, dy = p.y - press.start.y;
      if (!press.moved && Math.abs(dx) + Math.abs(dy) < 3) return;
      press.moved = true;
      if (press.node) {
        press.node.x = (p.x - zoom.x) / zoom.k;
        press.node.y = (p.y - zoom.y) / zoom.k;
        place(press.node);
      } else {
        zoom.x = press.zoom.x + dx;
        zoom.y = press.zoom.y + dy;
        apply();
      }
    });
    svg.addEventListener("pointerup", function () {
      svg.style.cursor = "";
      if (press && press.node && !press.moved) location.href = press.node.href;
      press = null;
    });
    /* The pointer handlers decide; a click after a drag must not open the page. */
    svg.addEventListener("click", function (event) {
      if (event.detail !== 0) event.preventDefault(); /* keyboard Enter (detail 0) still opens */
    });
    function byIdOf(anchor) {
      var id = anchor.getAttribute("data-id");
      for (var i = 0; i < data.nodes.length; i++) if (data.nodes[i].id === id) return data.nodes[i];
      return null;
    }
    apply();
  }

  function highlight(input, data) {
    input.addEventListener("input", function () {
      var query = input.value.trim().toLowerCase();
      var matches = 0;
      data.nodes.forEach(function (node) {
        var match = query !== "" && (node.title + " " + node.topic).toLowerCase().indexOf(query) >= 0;
        if (match) matches++;
        node.anchor.classList.toggle("kb-match", match);
        node.anchor.classList.toggle("kb-dim", query !== "" && !match);
      });
      data.links.forEach(function (link) {
        var lit = query === "" || link.source.anchor.classList.contains("kb-match") ||
          link.target.anchor.classList.contains("kb-match");
        link.line.classList.toggle("kb-dim", !lit);
      });
      input.setAttribute("data-matches", String(matches));
    });
  }

  function setUp() {
    var container = document.querySelector(".kb-graph");
    if (!container || container.dataset.kbReady) return;
    container.dataset.kbReady = "1";
    var root = notesKb.root();
    container.querySelector(".kb-graph-status").textContent = "正在绘制图谱……";
    Promise.all([loadLayout(root), notesKb.kb()])
      .then(function (loaded) {
        var data = graphData(loaded[1]);
        container.dataset.nodes = String(data.nodes.length);
        container.dataset.edges = String(data.links.length);
        if (!data.nodes.length) {  /* no notes yet: nothing to draw */
          container.querySelector(".kb-graph-status").textContent = "还没有问题：笔记文件夹里加入笔记后，这里会画出它们的关系。";
          return;
        }
        layout(loaded[0], data);
        var drawing = draw(container, data, root);
        interact(drawing, data);
        var input = document.querySelector(".kb-graph-search");
        if (input) highlight(input, data);
      })
      .catch(function () {
        container.querySelector(".kb-graph-status").textContent = "图谱加载失败；可以从下面的主题进入。";
      });
  }

  notesKb.onPage(setUp);
})();
