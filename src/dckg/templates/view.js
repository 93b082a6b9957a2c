/* dckg network page: reads the JSON in #dckg-data, draws one of its views with vis-network, names the nodes
   itself (only labels that do not overlap, in the language picked) and wires the view tabs, the search box, the
   class filter and the detail panel. Every text that comes from the data is set with textContent or drawn on the
   canvas, never as markup. The vis-network instance is window.network; window.dckgView drives the page. */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("dckg-data").textContent);
  const classes = data.classes, relations = data.relations, nodes = data.nodes, labels = data.labels;
  const views = data.views;
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const container = document.getElementById("network");
  const details = document.getElementById("details");
  const tip = document.getElementById("tooltip");
  const SVG = "http://www.w3.org/2000/svg";
  const INK = "#1f1d1a", HALO = "#fbfaf7", MUTED = "#6b675f";
  const FACE = "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, Helvetica, Arial, sans-serif";

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  const cut = (s, n) => (s.length > n ? s.slice(0, n - 1) + "…" : s);
  const nameOf = (n) => n.zh || n.en;

  /* the language picked: 中文, English (the Chinese name where there is no English one) or both */
  let lang = "zh";
  const inLang = (en, zh) => (lang === "en" ? en || zh : lang === "zh" ? zh || en : zh && en && zh !== en ? en + " " + zh : en || zh);
  function labelLines(n) {
    if (lang === "both" && n.zh && n.en) return [cut(n.zh, 16), cut(n.en, 28)];
    return [lang === "en" ? cut(n.en || n.zh, 28) : cut(n.zh || n.en, 16)];
  }

  /* adjacency over every edge, for the panel; the current view's own adjacency, for fading and label priority */
  const outgoing = nodes.map(() => []), incoming = nodes.map(() => []);
  data.edges.forEach(([u, v, r]) => { outgoing[u].push([r, v]); incoming[v].push([r, u]); });

  const network = new vis.Network(container, {}, {
    autoResize: true,
    physics: data.physics ? { enabled: true, stabilization: { iterations: 1000, updateInterval: 50 } } : { enabled: false },
    layout: { improvedLayout: false },
    interaction: { hover: true, hideEdgesOnDrag: data.edges.length > 3000, hideEdgesOnZoom: data.edges.length > 3000, keyboard: false, multiselect: false },
    nodes: { borderWidth: 1.5, borderWidthSelected: 3 },
    edges: { width: 1, selectionWidth: 1.5, smooth: false, arrows: { to: { enabled: true, scaleFactor: 0.45 } } },
  });
  window.network = network;

  /* the current view: its nodes (indices into nodes), edges, degrees and vis-network data sets */
  let cur = null, visNodes = null, visEdges = null, lit = null, selected = null;
  const hidden = new Set();
  /* of a dataset of several reports: the report shown (-1: all) and whether nodes are coloured by report */
  const reports = data.reports || [];
  let shownReport = -1, byReport = false;
  const off = (i) => hidden.has(nodes[i].c) || (shownReport >= 0 && !nodes[i].r.includes(shownReport));
  /* a link of a dataset lists the reports that state it (none listed: reference data, drawn with its ends) */
  const edgeOff = (e) => shownReport >= 0 && data.edges[e].length > 3 && !data.edges[e][3].includes(shownReport);
  function paint(i) {
    const r = nodes[i].r;
    if (!byReport) return classes[nodes[i].c].color;
    return r.length > 1 ? data.several : r.length ? reports[r[0]].color : MUTED;
  }
  function nodeStyle(i, dim) {
    return { id: nodes[i].id, opacity: dim ? 0.15 : 1 };
  }
  function edgeStyle(e, dim) {
    return { id: e, color: { color: relations[data.edges[e][2]].color, highlight: INK, hover: INK, opacity: dim ? 0.08 : 0.75 } };
  }
  function colour(i) {
    const c = paint(i);
    return { background: c, border: "#ffffff", highlight: { background: c, border: INK }, hover: { background: c, border: INK } };
  }
  function setView(k) {
    const v = views[k];
    const degree = new Map(v.n.map((i) => [i, 0]));
    const adjacent = new Map(v.n.map((i) => [i, []]));
    v.e.forEach((e) => {
      const [a, b] = data.edges[e];
      degree.set(a, degree.get(a) + 1); degree.set(b, degree.get(b) + 1);
      adjacent.get(a).push(b); adjacent.get(b).push(a);
    });
    // label priority: most links first, then the order of the data (hubs first)
    const order = v.n.slice().sort((a, b) => degree.get(b) - degree.get(a) || a - b);
    cur = { k: k, v: v, degree: degree, adjacent: adjacent, order: order, members: new Set(v.n), shelved: new Set(v.shelf ? v.shelf.n : []), size: new Map(v.n.map((i, j) => [i, v.s[j]])) };
    visNodes = new vis.DataSet(v.n.map((i, j) => {
      const item = Object.assign(nodeStyle(i, false), { shape: classes[nodes[i].c].shape, size: v.s[j], hidden: off(i), color: colour(i) });
      if (v.xy) { item.x = v.xy[j][0]; item.y = v.xy[j][1]; }
      return item;
    }));
    visEdges = new vis.DataSet(v.e.map((e) => {
      const [a, b, r] = data.edges[e];
      return Object.assign(edgeStyle(e, false), { from: nodes[a].id, to: nodes[b].id, dashes: relations[r].dashes, hidden: edgeOff(e) });
    }));
    lit = null; selected = null;
    network.setData({ nodes: visNodes, edges: visEdges });
    if (!data.physics) {  // all of it with a margin for the labels of its outer nodes; a small view not drawn tiny
      network.fit({ animation: false, maxZoomLevel: 1.6 });
      network.moveTo({ scale: network.getScale() * 0.92, animation: false });
    }
    tabs.forEach((t, j) => t.setAttribute("aria-selected", String(j === k)));
    classItems.forEach((li, ci) => {
      const count = v.n.filter((i) => nodes[i].c === ci).length;
      li.querySelector(".n").textContent = String(count);
      li.hidden = count === 0;
    });
    const drawnRelations = new Set(v.e.map((e) => data.edges[e][2]));
    relationItems.forEach((li, r) => { li.hidden = !drawnRelations.has(r); });
    if (reports.length) countReports(v);
    document.getElementById("counts").textContent = v.n.length.toLocaleString("en") + " entities · " + v.e.length.toLocaleString("en") + " links";
  }

  /* labels: drawn by the page in screen pixels, in priority order (the selected node, its neighbours, then by
     links), each only where it overlaps no label already drawn and lies wholly inside the network's area */
  const widths = new Map();
  const SPARSE = 150;  // nodes on screen up to which labels keep off every node
  const HUBS = 8;  // labels drawn first (the selected, the hubs) that may cover small nodes if they must
  let drawn = [];
  function fontSize(i) {
    return i === selected ? 15 : Math.round(Math.min(12 + 0.7 * Math.sqrt(cur.degree.get(i)), 17));
  }
  function measure(ctx, text, size, weight) {
    const key = weight + size + "|" + text;
    if (!widths.has(key)) { ctx.font = weight + " " + size + "px " + FACE; widths.set(key, ctx.measureText(text).width); }
    return widths.get(key);
  }
  function drawLabels(ctx) {
    const W = container.clientWidth, H = container.clientHeight;
    const ratio = ctx.canvas.width / Math.max(ctx.canvas.clientWidth, 1);
    const scale = network.getScale();
    const CELL = 64;
    const boxes = [];
    const grid = () => new Map();
    const cells = (b) => {
      const out = [];
      for (let gx = Math.floor(b.x / CELL); gx <= Math.floor((b.x + b.w) / CELL); gx++)
        for (let gy = Math.floor(b.y / CELL); gy <= Math.floor((b.y + b.h) / CELL); gy++) out.push(gx + "," + gy);
      return out;
    };
    const put = (g, b) => cells(b).forEach((c) => { if (!g.has(c)) g.set(c, []); g.get(c).push(b); });
    const clear = (g, b) => !cells(b).some((c) => (g.get(c) || []).some((o) => b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h));
    const inside = (b) => b.x >= 0 && b.y >= 0 && b.x + b.w <= W && b.y + b.h <= H;
    const taken = grid(), discs = grid();  // labels and named nodes; every node on a sparse screen
    const free = (b) => inside(b) && clear(taken, b);
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    const shelf = cur.v.shelf;
    if (shelf && shelf.n.some((i) => !off(i))) {
      const top = Math.min(...shelf.n.map((i) => network.getPosition(nodes[i].id).y)) - 62;
      const left = Math.min(...shelf.n.map((i) => network.getPosition(nodes[i].id).x)) - 112;
      const p = network.canvasToDOM({ x: left, y: top });
      const text = inLang(shelf.en, shelf.zh) + " (" + shelf.n.length + ")";
      const b = { x: Math.max(p.x, 4), y: p.y, w: measure(ctx, text, 14, "600") + 4, h: 18, id: null };
      if (free(b)) {
        put(taken, b); boxes.push(b);
        ctx.font = "600 14px " + FACE; ctx.fillStyle = MUTED; ctx.fillText(text, b.x + 2, b.y + 1);
      }
    }
    const keep = lit;  // with a selection: only it and its neighbours are named
    const shown = new Map();  // the nodes on screen
    cur.order.forEach((i) => {
      if (off(i) || (keep && !keep.has(i))) return;
      const p = network.canvasToDOM(network.getPosition(nodes[i].id));
      if (p.x < -200 || p.y < -100 || p.x > W + 200 || p.y > H + 100) return;
      const r = cur.size.get(i) * scale;
      shown.set(i, { x: p.x, y: p.y, r: r, disc: { x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r } });
    });
    // no label covers a named node; with a selection or on a sparse screen, none covers any node if it can help it
    // (the first few, the hubs, are named even over small nodes)
    const sparse = keep !== null || shown.size <= SPARSE;
    if (sparse) shown.forEach((p) => put(discs, p.disc));
    const first = selected === null ? [] : [selected, ...cur.adjacent.get(selected)];
    const seen = new Set();
    for (const i of first.concat(cur.order)) {
      if (seen.has(i) || !shown.has(i)) continue;
      seen.add(i);
      const p = shown.get(i), r = p.r;
      const size = fontSize(i), weight = i === selected ? "700" : "400";
      const lines = labelLines(nodes[i]);
      const w = Math.max(...lines.map((t, l) => measure(ctx, t, l ? size - 2 : size, weight))) + 4;
      const h = lines.length * size * 1.25;
      if (!clear(taken, p.disc)) continue;
      const places = [[p.x - w / 2, p.y + r + 2], [p.x - w / 2, p.y - r - 2 - h], [p.x + r + 3, p.y - h / 2], [p.x - r - 3 - w, p.y - h / 2]]
        .slice(0, cur.shelved.has(i) ? 1 : 4)  // below, above, right, left; on the shelf, in rows: below
        .map(([x, y]) => ({ x: x, y: y, w: w, h: h, id: nodes[i].id }));
      const b = places.find((q) => free(q) && (!sparse || clear(discs, q))) || (boxes.length < HUBS ? places.find(free) : null);
      if (!b) continue;
      put(taken, b); put(taken, p.disc); boxes.push(b);
      lines.forEach((t, l) => {
        ctx.font = weight + " " + (l ? size - 2 : size) + "px " + FACE;
        ctx.strokeStyle = HALO; ctx.lineWidth = 4; ctx.strokeText(t, b.x + 2, b.y + l * size * 1.25);
        ctx.fillStyle = l ? MUTED : INK; ctx.fillText(t, b.x + 2, b.y + l * size * 1.25);
      });
    }
    if (selected !== null) {  // the selected node's links are named too, where there is room
      cur.v.e.forEach((e) => {
        const [a, b, r] = data.edges[e];
        if ((a !== selected && b !== selected) || !shown.has(a) || !shown.has(b) || edgeOff(e)) return;
        const text = inLang(relations[r].en, relations[r].zh), p = shown.get(a), q = shown.get(b);
        const w = measure(ctx, text, 11, "400") + 4;
        const box = { x: (p.x + q.x) / 2 - w / 2, y: (p.y + q.y) / 2 - 7, w: w, h: 14, id: null, edge: e };
        if (!free(box) || !clear(discs, box)) return;
        put(taken, box); boxes.push(box);
        ctx.font = "400 11px " + FACE;
        ctx.strokeStyle = HALO; ctx.lineWidth = 3; ctx.strokeText(text, box.x + 2, box.y + 1);
        ctx.fillStyle = MUTED; ctx.fillText(text, box.x + 2, box.y + 1);
      });
    }
    ctx.restore();
    drawn = boxes;
  }
  network.on("afterDrawing", drawLabels);
  /* the shelf: a light band behind the unlinked nodes, drawn under the network */
  network.on("beforeDrawing", (ctx) => {
    const shelf = cur && cur.v.shelf;
    if (!shelf) return;
    const xy = shelf.n.map((i) => network.getPosition(nodes[i].id));
    const x0 = Math.min(...xy.map((p) => p.x)) - 120, x1 = Math.max(...xy.map((p) => p.x)) + 120;
    const y0 = Math.min(...xy.map((p) => p.y)) - 70, y1 = Math.max(...xy.map((p) => p.y)) + 50;
    ctx.fillStyle = "rgba(155,152,144,0.08)"; ctx.strokeStyle = "rgba(155,152,144,0.5)"; ctx.lineWidth = 1 / network.getScale();
    ctx.fillRect(x0, y0, x1 - x0, y1 - y0); ctx.strokeRect(x0, y0, x1 - x0, y1 - y0);
  });
  function collisions() {
    let n = 0;
    drawn.forEach((a, j) => drawn.slice(j + 1).forEach((b) => { if (a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5) n++; }));
    return n;
  }

  function ready() {
    window.dckgReady = performance.now();
    document.documentElement.dataset.ready = "true";
  }
  if (data.physics) network.once("stabilized", ready); else network.once("afterDrawing", ready);

  /* a selected node and its neighbours stand out, named first; the rest of the view fades */
  const fading = nodes.length <= 3000;  // beyond, restyling every node on each click takes too long
  function light(i) {
    selected = i;
    if (!fading) { network.redraw(); return; }
    const keep = new Set([i, ...cur.adjacent.get(i)]);
    visNodes.update(cur.v.n.map((k) => nodeStyle(k, !keep.has(k))));
    visEdges.update(cur.v.e.map((e) => edgeStyle(e, data.edges[e][0] !== i && data.edges[e][1] !== i)));
    lit = keep;
  }
  function unlight() {
    selected = null;
    if (lit === null) { network.redraw(); return; }
    visNodes.update(cur.v.n.map((k) => nodeStyle(k, false)));
    visEdges.update(cur.v.e.map((e) => edgeStyle(e, false)));
    lit = null;
  }

  /* header controls: the views and the language */
  const tabs = views.map((v, k) => {
    const b = el("button", "tab", v.zh + " " + v.en);
    b.type = "button"; b.setAttribute("role", "tab"); b.dataset.view = v.name;
    b.addEventListener("click", () => { setView(k); details.replaceChildren(hint); });
    document.getElementById("views").appendChild(b);
    return b;
  });
  const hint = details.firstElementChild;
  ["zh", "en", "both"].forEach((code) => {
    const b = document.getElementById("lang-" + code);
    b.addEventListener("click", () => setLang(code));
  });
  function setLang(code) {
    lang = code;
    ["zh", "en", "both"].forEach((c) => document.getElementById("lang-" + c).setAttribute("aria-pressed", String(c === code)));
    network.redraw();
    if (selected !== null) show(nodes[selected].id);
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
  const classItems = classes.map((c, ci) => {
    const li = el("li");
    li.dataset.class = c.name;
    li.title = "Show or hide " + c.en;
    li.append(glyph(c.shape, c.color, 16), el("span", "", c.en), el("span", "zh", c.zh), el("span", "n", ""));
    li.addEventListener("click", () => setClass(ci, hidden.has(ci)));
    document.getElementById("classes").appendChild(li);
    return li;
  });
  function setClass(ci, visible) {
    if (visible) hidden.delete(ci); else hidden.add(ci);
    classItems[ci].classList.toggle("off", !visible);
    visNodes.update(cur.v.n.filter((i) => nodes[i].c === ci).map((i) => ({ id: nodes[i].id, hidden: off(i) })));
  }
  const relationItems = relations.map((r) => {
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
    return li;
  });

  /* the report control (a dataset of several reports): show one report's entities, colour nodes by report */
  /* a report's title, with its year when the title does not already hold it */
  const reportName = (r) => {
    const title = r.zh || r.en;
    return r.year && !title.includes(r.year) ? title + " (" + r.year + ")" : title;
  };
  const reportItems = reports.map((r, k) => {
    const li = el("li");
    li.dataset.report = r.iri; li.title = r.iri;
    li.append(glyph("dot", r.color, 14), el("span", "", reportName(r)), el("span", "n", ""));
    li.addEventListener("click", () => setReport(shownReport === k ? -1 : k));
    document.getElementById("report-list").appendChild(li);
    const option = el("option", "", reportName(r));
    option.value = String(k);
    document.getElementById("report-filter").appendChild(option);
    return li;
  });
  if (reports.length) {
    const li = el("li", "several");
    li.append(glyph("dot", data.several, 14), el("span", "", "几份报告 Several reports"));
    document.getElementById("report-list").appendChild(li);
    document.getElementById("report-filter").addEventListener("change", (e) => setReport(Number(e.target.value)));
    document.getElementById("colour-class").addEventListener("click", () => setColour(false));
    document.getElementById("colour-report").addEventListener("click", () => setColour(true));
  }
  function setReport(k) {
    shownReport = k;
    document.getElementById("report-filter").value = String(k);
    reportItems.forEach((li, j) => li.classList.toggle("on", j === k));
    if (selected !== null && off(selected)) { unlight(); network.unselectAll(); details.replaceChildren(hint); }
    visNodes.update(cur.v.n.map((i) => ({ id: nodes[i].id, hidden: off(i) })));
    visEdges.update(cur.v.e.map((e) => ({ id: e, hidden: edgeOff(e) })));
  }
  function setColour(report) {
    byReport = report;
    document.getElementById("colour-class").setAttribute("aria-pressed", String(!report));
    document.getElementById("colour-report").setAttribute("aria-pressed", String(report));
    document.getElementById("reports").classList.toggle("by-report", report);
    visNodes.update(cur.v.n.map((i) => ({ id: nodes[i].id, color: colour(i) })));
  }
  function countReports(v) {
    reportItems.forEach((li, k) => { li.querySelector(".n").textContent = String(v.n.filter((i) => nodes[i].r.includes(k)).length); });
  }

  /* the detail panel */
  function facts(parent, item) {
    if (item.p.length) {
      const dl = el("dl");
      item.p.forEach(([l, v]) => dl.append(el("dt", "", inLang(labels[l][0], labels[l][1])), el("dd", "", inLang(labels[v][0], labels[v][1]))));
      parent.appendChild(dl);
    }
  }
  /* quotes said more than once (in one report) are shown once, with how often and in which sections; where a quote
     is, is a list of parts (report, section, page, count, offsets); the report is named by its title and year and
     identified by its IRI (the part's tooltip and data-report) */
  function quotes(parent, ev) {
    const same = new Map();
    ev.forEach((k) => {
      const [quote, section, start, end, page, report] = data.evidence[k];
      const key = report === undefined ? quote : report + "\u0000" + quote;
      if (!same.has(key)) same.set(key, { quote: quote, report: report, sections: [], pages: [], spans: [] });
      const q = same.get(key);
      if (section && !q.sections.includes(section)) q.sections.push(section);
      if (page && !q.pages.includes(page)) q.pages.push(page);
      q.spans.push([start, end]);
    });
    same.forEach((q) => {
      const b = el("blockquote", "", q.quote);
      const where = q.sections.map((s) => "§ " + s).concat(q.pages);
      if (q.spans.length > 1) where.push("×" + q.spans.length);
      const spans = q.spans.sort((a, b) => a[0] - b[0]).map(([a, b]) => a + "–" + b);
      where.push("characters " + spans.slice(0, 3).join(", ") + (spans.length > 3 ? ", …" : ""));
      const cite = el("cite", "", where.join(" · "));
      if (q.report !== undefined) {
        const r = reports[q.report], name = el("span", "ev-report", reportName(r));
        name.title = r.iri; name.dataset.report = r.iri;
        cite.prepend(name, " · ");
      }
      b.appendChild(cite);
      parent.appendChild(b);
    });
    return same.size;
  }
  function linkList(parent, label, targets) {
    const div = el("div", "rel");
    div.appendChild(el("span", "label", label + ":"));
    const limit = 12;
    targets.forEach((t, k) => {
      const item = el("span", "item");
      const b = el("button", "link", inLang(nodes[t].en, nodes[t].zh));
      b.type = "button";
      b.addEventListener("click", () => select(nodes[t].id));
      item.append(k ? "、" : " ", b);
      if (k >= limit) item.hidden = true;
      div.append(item);
    });
    if (targets.length > limit) {
      const more = el("button", "link more", " +" + (targets.length - limit) + " more 更多");
      more.type = "button";
      more.addEventListener("click", () => { div.querySelectorAll(".item[hidden]").forEach((b) => { b.hidden = false; }); more.remove(); });
      div.appendChild(more);
    }
    parent.appendChild(div);
  }
  function grouped(pairs) {
    const groups = new Map();
    pairs.forEach(([r, t]) => { if (!groups.has(r)) groups.set(r, []); if (!groups.get(r).includes(t)) groups.get(r).push(t); });
    return [...groups.entries()].sort((a, b) => a[0] - b[0]);
  }
  const quoteKey = (k) => (data.evidence[k].length > 5 ? data.evidence[k][5] + "\u0000" : "") + data.evidence[k][0];
  /* a node's sentences grouped by the link they state (a sentence the linked entity cites too), each quote once */
  function evidenceGroups(i) {
    const n = nodes[i], groups = new Map(), placed = new Map();
    const links = outgoing[i].map(([r, t]) => [inLang(relations[r].en, relations[r].zh), t])
      .concat(incoming[i].map(([r, t]) => [inLang(relations[r].ien, relations[r].izh), t]));
    links.forEach(([label, t]) => {
      const theirs = new Set(nodes[t].ev.concat(...(nodes[t].f || []).map((f) => f.ev)));
      n.ev.forEach((k) => { if (!placed.has(quoteKey(k)) && theirs.has(k)) placed.set(quoteKey(k), label); });
    });
    const other = inLang("mentioned", "提及");
    n.ev.forEach((k) => {
      const label = placed.get(quoteKey(k)) || other;
      if (!groups.has(label)) groups.set(label, []);
      groups.get(label).push(k);
    });
    if (groups.has(other)) { const rest = groups.get(other); groups.delete(other); groups.set(other, rest); }  // last
    return groups;
  }
  function show(id) {
    const i = index.get(id);
    if (i === undefined) return;
    const n = nodes[i], c = classes[n.c];
    details.replaceChildren();
    const badge = el("span", "badge", inLang(c.en, c.zh));
    badge.style.background = c.color;
    details.append(badge, el("h3", "", nameOf(n)));
    if (n.zh && n.en) details.appendChild(el("p", "en-name", n.en));
    if (n.alt.length) details.appendChild(el("p", "alt", inLang("Also", "又称") + ": " + n.alt.join(" · ")));
    if (n.gl) details.appendChild(el("p", "alt", inLang("Gloss (machine-made)", "机器释义") + ": " + n.gl));
    facts(details, n);
    if (n.f) {
      details.appendChild(el("h4", "", inLang("Figures", "数据") + " (" + n.f.length + ")"));
      n.f.forEach((f) => {
        const box = el("div", "figure");
        box.appendChild(el("div", "value", nameOf(f)));
        facts(box, f);
        quotes(box, f.ev);
        details.appendChild(box);
      });
    }
    if (outgoing[i].length || incoming[i].length) {
      details.appendChild(el("h4", "", inLang("Links", "关系")));
      grouped(outgoing[i]).forEach(([r, ts]) => linkList(details, inLang(relations[r].en, relations[r].zh), ts));
      grouped(incoming[i]).forEach(([r, ts]) => linkList(details, inLang(relations[r].ien, relations[r].izh), ts));
    }
    if (n.ev.length) {
      const head = el("h4", "", inLang("In the report", "报告原文"));
      details.appendChild(head);
      let distinct = 0;
      evidenceGroups(i).forEach((ks, label) => {
        const box = el("div", "ev-group");
        box.appendChild(el("h5", "", label));
        distinct += quotes(box, ks);
        details.appendChild(box);
      });
      head.textContent += " (" + distinct + (distinct < n.ev.length ? " / " + n.ev.length : "") + ")";
    }
    details.appendChild(el("div", "iri", n.id));
    details.scrollTop = 0;
  }
  function select(id, zoom) {
    const i = index.get(id);
    if (i === undefined) return;
    if (!cur.members.has(i)) setView(Math.max(views.findIndex((v) => v.n.includes(i)), 0));
    if (hidden.has(nodes[i].c)) setClass(nodes[i].c, true);
    if (off(i)) setReport(-1);
    network.selectNodes([id]);
    light(i);
    if (zoom !== false) network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    show(id);
  }
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
    tooltip([el("div", "", nameOf(nodes[u])), el("div", "t-class", "→ " + relations[r].en + " " + relations[r].zh + " →"), el("div", "", nameOf(nodes[v]))]);
  });
  network.on("blurNode", () => { tip.hidden = true; });
  network.on("blurEdge", () => { tip.hidden = true; });
  network.on("dragStart", () => { tip.hidden = true; });

  /* search by name, in either language, over every view: picking a node shows it in a view that draws it */
  const search = document.getElementById("search"), results = document.getElementById("results");
  const fold = (s) => s.replace(/[\s\u3000]+/g, "").toLowerCase();
  const haystack = nodes.map((n) => [n.zh, n.en, ...n.alt, n.gl].filter(Boolean).map(fold));
  let hits = [], active = 0;
  function find(text) {
    const q = fold(text);
    if (!q) return [];
    const found = [];
    haystack.forEach((names, i) => {
      let rank = 3;
      names.forEach((s) => { rank = Math.min(rank, s === q ? 0 : s.startsWith(q) ? 1 : s.includes(q) ? 2 : 3); });
      if (rank < 3) found.push([rank, -(outgoing[i].length + incoming[i].length), i]);
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
      else if (n.gl) li.appendChild(el("span", "en", n.gl + " (gloss)"));
      li.addEventListener("mousedown", (e) => { e.preventDefault(); choose(k); });
      results.appendChild(li);
    });
    results.hidden = false;
  }
  function choose(k) {
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
      choose(Math.min(active, Math.max(hits.length - 1, 0)));
    } else if (e.key === "Escape") {
      results.hidden = true;
    }
  });
  search.addEventListener("blur", () => { results.hidden = true; });
  search.addEventListener("focus", () => { if (hits.length) list(); });

  window.dckgView = {
    data: data,
    select: select,
    view: (name) => setView(views.findIndex((v) => v.name === name)),
    lang: setLang,
    report: (iri) => setReport(reports.findIndex((r) => r.iri === iri)),
    colourByReport: setColour,
    labels: () => drawn.map((b) => Object.assign({}, b)),
    busiest: () => nodes[cur.order[0]].id,
    collisions: collisions,
  };
  setView(data.start);
  setLang("zh");
  if (data.focus) select(data.focus, false);
})();
