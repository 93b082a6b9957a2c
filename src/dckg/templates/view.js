/* dckg network page: reads the JSON in #dckg-data, draws it with vis-network and wires the search box, the
   class filter and the detail panel. Every text that comes from the data is set with textContent, never as
   markup. The vis-network instance is window.network; window.dckgView.select(id) selects a node. */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("dckg-data").textContent);
  const classes = data.classes, relations = data.relations, nodes = data.nodes, labels = data.labels;
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const container = document.getElementById("network");
  const details = document.getElementById("details");
  const tip = document.getElementById("tooltip");
  const SVG = "http://www.w3.org/2000/svg";

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  const cut = (s, n) => (s.length > n ? s.slice(0, n - 1) + "…" : s);
  const nameOf = (n) => n.zh || n.en;
  const both = (en, zh) => (zh && en ? en + " " + zh : en || zh);

  /* adjacency, for the panel's lists of linked entities */
  const outgoing = nodes.map(() => []), incoming = nodes.map(() => []);
  data.edges.forEach(([u, v, r]) => { outgoing[u].push([r, v]); incoming[v].push([r, u]); });

  /* the network; size (computed with the layout) and type grow with the number of links */
  const fontSize = (n) => Math.min(11 + 2.5 * Math.sqrt(n.deg), 34);
  const large = data.edges.length > 3000;
  const INK = "#1f1d1a", GHOST = "rgba(31,29,26,0)";
  function nodeStyle(n, dim) {
    return { id: n.id, opacity: dim ? 0.15 : 1, font: { size: fontSize(n), color: dim ? GHOST : INK, strokeWidth: dim ? 0 : 4 } };
  }
  function edgeStyle(e, dim) {
    const rel = relations[data.edges[e][2]];
    return { id: e, color: { color: rel.color, highlight: INK, hover: INK, opacity: dim ? 0.08 : 0.75 }, font: { color: dim ? GHOST : "#6b675f", strokeWidth: dim ? 0 : 3 } };
  }
  const visNodes = new vis.DataSet(nodes.map((n) => {
    const c = classes[n.c];
    const label = n.zh && n.en ? cut(n.zh, 16) + "\n" + cut(n.en, 26) : cut(nameOf(n), 18);
    const item = Object.assign(nodeStyle(n, false), { label: label, shape: c.shape, size: n.size, color: { background: c.color, border: "#ffffff", highlight: { background: c.color, border: INK }, hover: { background: c.color, border: INK } } });
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  }));
  const visEdges = new vis.DataSet(data.edges.map(([u, v, r], i) => {
    const rel = relations[r];
    return Object.assign(edgeStyle(i, false), { from: nodes[u].id, to: nodes[v].id, label: rel.en, dashes: rel.dashes });
  }));
  const options = {
    autoResize: true,
    physics: data.physics ? { enabled: true, stabilization: { iterations: 1000, updateInterval: 50 } } : { enabled: false },
    layout: { improvedLayout: false },
    interaction: { hover: true, hideEdgesOnDrag: large, hideEdgesOnZoom: large, keyboard: false, multiselect: false },
    nodes: {
      borderWidth: 1.5, borderWidthSelected: 3,
      scaling: { label: { enabled: false, drawThreshold: 9, maxVisible: 26 } },
      font: { face: "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, Helvetica, Arial, sans-serif", color: "#1f1d1a", strokeWidth: 4, strokeColor: "#fbfaf7", multi: false },
    },
    edges: {
      width: 1, selectionWidth: 1.5, smooth: false,
      arrows: { to: { enabled: true, scaleFactor: 0.45 } },
      font: { size: 10, color: "#6b675f", strokeWidth: 3, strokeColor: "#fbfaf7", align: "middle", multi: false },
      scaling: { label: { enabled: false, drawThreshold: 12 } },  // relation names from a zoom of about 1.1
    },
  };
  const network = new vis.Network(container, {}, options);
  window.network = network;
  function ready() {
    window.dckgReady = performance.now();
    document.documentElement.dataset.ready = "true";
  }
  if (data.physics) network.once("stabilized", ready); else network.once("afterDrawing", ready);
  network.setData({ nodes: visNodes, edges: visEdges });
  if (!data.physics) network.fit();
  /* in the whole view, name only the largest nodes (about 25); zooming in names the others */
  let overview = 9;
  if (nodes.length > 40) {
    const sizes = nodes.map(fontSize).sort((a, b) => b - a);
    overview = Math.max(sizes[24] * network.getScale() + 1.5, 9);
    network.setOptions({ nodes: { scaling: { label: { drawThreshold: overview } } } });
  }

  /* a selected node and its neighbours stand out, named; the rest fades */
  let lit = null;
  const fading = nodes.length <= 3000;  // beyond, restyling every node on each click takes too long
  function light(i) {
    if (lit === i || !fading) return;
    const keep = new Set([i]);
    outgoing[i].forEach(([, t]) => keep.add(t));
    incoming[i].forEach(([, t]) => keep.add(t));
    visNodes.update(nodes.map((n, k) => nodeStyle(n, !keep.has(k))));
    visEdges.update(data.edges.map(([u, v], e) => edgeStyle(e, u !== i && v !== i)));
    network.setOptions({ nodes: { scaling: { label: { drawThreshold: 9 } } }, edges: { scaling: { label: { drawThreshold: 7 } } } });
    lit = i;
  }
  function unlight() {
    if (lit === null) return;
    visNodes.update(nodes.map((n) => nodeStyle(n, false)));
    visEdges.update(data.edges.map((_, e) => edgeStyle(e, false)));
    network.setOptions({ nodes: { scaling: { label: { drawThreshold: overview } } }, edges: { scaling: { label: { drawThreshold: 12 } } } });
    lit = null;
  }

  /* legend and class filter */
  function glyph(shape, color, size) {
    const s = document.createElementNS(SVG, "svg");
    s.setAttribute("width", size); s.setAttribute("height", size); s.setAttribute("viewBox", "-10 -10 20 20");
    s.setAttribute("class", "glyph");
    const points = {
      square: "-7,-7 7,-7 7,7 -7,7", diamond: "0,-9 9,0 0,9 -9,0", triangle: "0,-9 8,6 -8,6",
      triangleDown: "0,9 8,-6 -8,-6", hexagon: "-8,0 -4,-7 4,-7 8,0 4,7 -4,7",
      star: "0,-9 2.6,-3 9,-3 4,1.5 5.6,8 0,4.3 -5.6,8 -4,1.5 -9,-3 -2.6,-3",
    }[shape];
    const g = document.createElementNS(SVG, points ? "polygon" : "circle");
    if (points) g.setAttribute("points", points); else g.setAttribute("r", "7");
    g.setAttribute("fill", color);
    s.appendChild(g);
    return s;
  }
  const hidden = new Set();
  const classItems = classes.map((c, ci) => {
    const li = el("li");
    li.dataset.class = c.name;
    li.title = "Show or hide " + c.en;
    li.append(glyph(c.shape, c.color, 16), el("span", "", c.en), el("span", "zh", c.zh), el("span", "n", String(nodes.filter((n) => n.c === ci).length)));
    li.addEventListener("click", () => setClass(ci, hidden.has(ci)));
    document.getElementById("classes").appendChild(li);
    return li;
  });
  function setClass(ci, visible) {
    if (visible) hidden.delete(ci); else hidden.add(ci);
    classItems[ci].classList.toggle("off", !visible);
    visNodes.update(nodes.filter((n) => n.c === ci).map((n) => ({ id: n.id, hidden: !visible })));
  }
  relations.forEach((r) => {
    const li = el("li");
    const s = document.createElementNS(SVG, "svg");
    s.setAttribute("width", "28"); s.setAttribute("height", "10"); s.setAttribute("class", "glyph");
    const line = document.createElementNS(SVG, "line");
    line.setAttribute("x1", "1"); line.setAttribute("y1", "5"); line.setAttribute("x2", "27"); line.setAttribute("y2", "5");
    line.setAttribute("stroke", r.color); line.setAttribute("stroke-width", "2");
    if (r.dashes) line.setAttribute("stroke-dasharray", "4 3");
    s.appendChild(line);
    li.append(s, el("span", "", r.en), el("span", "zh", r.zh));
    document.getElementById("relations").appendChild(li);
  });

  /* the detail panel */
  function facts(parent, item) {
    if (item.p.length) {
      const dl = el("dl");
      item.p.forEach(([l, text]) => dl.append(el("dt", "", both(labels[l][0], labels[l][1])), el("dd", "", text)));
      parent.appendChild(dl);
    }
  }
  function quotes(parent, ev) {
    ev.forEach((k) => {
      const [quote, section, start, end, page] = data.evidence[k];
      const q = el("blockquote", "", quote);
      const where = (section ? "§ " + section + " · " : "") + (page ? page + " · " : "");
      q.appendChild(el("cite", "", where + "characters " + start + "–" + end));
      parent.appendChild(q);
    });
  }
  function linkList(parent, label, targets) {
    const div = el("div", "rel");
    div.appendChild(el("span", "label", label + ":"));
    const limit = 12;
    targets.forEach((t, k) => {
      const b = el("button", "link", nameOf(nodes[t]));
      b.type = "button";
      b.addEventListener("click", () => select(nodes[t].id));
      if (k >= limit) b.hidden = true;
      div.append(k ? "、" : " ", b);
    });
    if (targets.length > limit) {
      const more = el("button", "link more", " +" + (targets.length - limit) + " more");
      more.type = "button";
      more.addEventListener("click", () => { div.querySelectorAll("button[hidden]").forEach((b) => { b.hidden = false; }); more.remove(); });
      div.appendChild(more);
    }
    parent.appendChild(div);
  }
  function grouped(pairs) {
    const groups = new Map();
    pairs.forEach(([r, t]) => { if (!groups.has(r)) groups.set(r, []); groups.get(r).push(t); });
    return [...groups.entries()].sort((a, b) => a[0] - b[0]);
  }
  function show(id) {
    const i = index.get(id);
    if (i === undefined) return;
    const n = nodes[i], c = classes[n.c];
    details.replaceChildren();
    const badge = el("span", "badge", c.zh + " " + c.en);
    badge.style.background = c.color;
    details.append(badge, el("h3", "", nameOf(n)));
    if (n.zh && n.en) details.appendChild(el("p", "en-name", n.en));
    if (n.alt.length) details.appendChild(el("p", "alt", "Also 又称: " + n.alt.join(" · ")));
    facts(details, n);
    if (n.f) {
      details.appendChild(el("h4", "", "Figures 数据 (" + n.f.length + ")"));
      n.f.forEach((f) => {
        const box = el("div", "figure");
        box.appendChild(el("div", "value", nameOf(f)));
        facts(box, f);
        quotes(box, f.ev);
        details.appendChild(box);
      });
    }
    if (outgoing[i].length || incoming[i].length) {
      details.appendChild(el("h4", "", "Links 关系"));
      grouped(outgoing[i]).forEach(([r, ts]) => linkList(details, both(relations[r].en, relations[r].zh), ts));
      grouped(incoming[i]).forEach(([r, ts]) => linkList(details, both(relations[r].ien, relations[r].izh), ts));
    }
    if (n.ev.length) {
      details.appendChild(el("h4", "", "In the report 报告原文 (" + n.ev.length + ")"));
      quotes(details, n.ev);
    }
    details.appendChild(el("div", "iri", n.id));
    details.scrollTop = 0;
  }
  function select(id, zoom) {
    const i = index.get(id);
    if (i === undefined) return;
    if (hidden.has(nodes[i].c)) setClass(nodes[i].c, true);
    network.selectNodes([id]);
    light(i);
    if (zoom !== false) network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    show(id);
  }
  window.dckgView = { select: select, data: data };
  network.on("click", (p) => {
    if (p.nodes.length) {
      light(index.get(p.nodes[0]));
      show(p.nodes[0]);
    } else if (!p.edges.length) {
      unlight();
    }
  });

  /* hover tooltip */
  let pointer = { x: 0, y: 0 };
  container.addEventListener("mousemove", (e) => {
    const box = container.getBoundingClientRect();
    pointer = { x: e.clientX - box.left, y: e.clientY - box.top };
    if (!tip.hidden) place();
  });
  function place() {
    tip.style.left = Math.min(pointer.x + 14, container.clientWidth - tip.offsetWidth - 8) + "px";
    tip.style.top = pointer.y + 14 + "px";
  }
  function tooltip(lines) {
    tip.replaceChildren(...lines);
    tip.hidden = false;
    place();
  }
  network.on("hoverNode", (p) => {
    const n = nodes[index.get(p.node)], c = classes[n.c];
    const lines = [el("div", "t-class", c.zh + " " + c.en), el("div", "", nameOf(n))];
    if (n.zh && n.en) lines.push(el("div", "t-class", n.en));
    tooltip(lines);
  });
  network.on("hoverEdge", (p) => {
    const [u, v, r] = data.edges[p.edge];
    tooltip([el("div", "", nameOf(nodes[u])), el("div", "t-class", "→ " + both(relations[r].en, relations[r].zh) + " →"), el("div", "", nameOf(nodes[v]))]);
  });
  network.on("blurNode", () => { tip.hidden = true; });
  network.on("blurEdge", () => { tip.hidden = true; });
  network.on("dragStart", () => { tip.hidden = true; });

  /* search by name, in either language */
  const search = document.getElementById("search"), results = document.getElementById("results");
  const fold = (s) => s.replace(/[\s\u3000]+/g, "").toLowerCase();
  const haystack = nodes.map((n) => [n.zh, n.en, ...n.alt].filter(Boolean).map(fold));
  let hits = [], active = 0;
  function find(text) {
    const q = fold(text);
    if (!q) return [];
    const found = [];
    haystack.forEach((names, i) => {
      let rank = 3;
      names.forEach((s) => { rank = Math.min(rank, s === q ? 0 : s.startsWith(q) ? 1 : s.includes(q) ? 2 : 3); });
      if (rank < 3) found.push([rank, -nodes[i].deg, i]);
    });
    found.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    return found.slice(0, 12).map((h) => h[2]);
  }
  function list() {
    results.replaceChildren();
    if (!search.value.trim()) { results.hidden = true; return; }
    if (!hits.length) results.appendChild(el("li", "none", "No match 无匹配"));
    hits.forEach((i, k) => {
      const n = nodes[i], li = el("li");
      li.setAttribute("role", "option");
      if (k === active) li.className = "active";
      li.append(glyph(classes[n.c].shape, classes[n.c].color, 12), el("span", "", nameOf(n)));
      if (n.zh && n.en) li.appendChild(el("span", "en", n.en));
      li.addEventListener("mousedown", (e) => { e.preventDefault(); pick(k); });
      results.appendChild(li);
    });
    results.hidden = false;
  }
  function pick(k) {
    if (!hits.length) return;
    select(nodes[hits[k]].id);
    results.hidden = true;
    search.blur();
  }
  search.addEventListener("input", () => { hits = find(search.value); active = 0; list(); });
  search.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (hits.length) active = (active + (e.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length;
      list();
    } else if (e.key === "Enter") {
      e.preventDefault();
      hits = find(search.value);
      pick(Math.min(active, Math.max(hits.length - 1, 0)));
    } else if (e.key === "Escape") {
      results.hidden = true;
    }
  });
  search.addEventListener("blur", () => { results.hidden = true; });
  search.addEventListener("focus", () => { if (hits.length) list(); });

  if (data.focus) select(data.focus, false);
})();
