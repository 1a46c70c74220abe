/* luocdo — the site's own scripts: relationship views ("Lược đồ"), and the loader of the
 * search and SPARQL pages. Plain JavaScript, no build step; every file it loads is a file of
 * this site (no CDN): vis-network from assets/vendor/, the view data from assets/views/.
 *
 * Declared once for every page (mkdocs.yml extra_javascript). Heavy parts load on demand:
 * vis-network only on a page with a view, search.js / sparql.js only on their pages.
 * The views fetch JSON, which browsers refuse for pages opened from file://: serve the site
 * over http (python -m http.server -d build/site).
 *
 * Data is data: labels, titles and URLs from the JSON reach the page through textContent,
 * DOM properties and vis-network's plain-text tooltips, never through innerHTML.
 */
(() => {
  "use strict";

  // This script's own URL: the other assets are found relative to it.
  const SELF = document.currentScript ? document.currentScript.src : document.baseURI;
  const VIS_URL = new URL("../vendor/vis-network/vis-network.min.js", SELF).href;
  const BIG_VIEW = 80; // above this many nodes, physics stops once the layout is found

  let visLoading = null;

  function loadVis() {
    if (window.vis && window.vis.Network) return Promise.resolve(window.vis);
    if (!visLoading) {
      visLoading = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = VIS_URL;
        script.async = true;
        script.onload = () =>
          window.vis && window.vis.Network
            ? resolve(window.vis)
            : reject(new Error("vis-network không khởi động được"));
        script.onerror = () => {
          visLoading = null;
          reject(new Error("Không tải được " + VIS_URL));
        };
        document.head.appendChild(script);
      });
    }
    return visLoading;
  }

  async function fetchJson(url) {
    let response;
    try {
      response = await fetch(url);
    } catch (err) {
      if (location.protocol === "file:") {
        throw new Error(
          "Trình duyệt không cho đọc dữ liệu khi mở trang từ đĩa (file://). " +
            "Hãy mở trang qua http, ví dụ: python -m http.server -d build/site"
        );
      }
      throw err;
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${url}`);
    return response.json();
  }

  function formatNumber(n) {
    return Number(n).toLocaleString("vi-VN");
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function swatch(colour, dashed) {
    const span = el("span", "luocdo-swatch" + (dashed ? " luocdo-swatch--hollow" : ""));
    // Colours come from our own JSON; a style property cannot run code.
    if (dashed) span.style.borderColor = colour;
    else span.style.backgroundColor = colour;
    return span;
  }

  // A node as vis-network draws it: documents in the corpus filled, documents cited only
  // hollow with a dashed border, the centre larger.
  function styleNode(node) {
    const colour = node.color;
    const out = Object.assign({}, node);
    const fill = node.in_corpus ? colour : "#ffffff";
    out.color = {
      background: fill,
      border: colour,
      highlight: { background: fill, border: "#000000" },
      hover: { background: fill, border: "#000000" },
    };
    if (!node.in_corpus) out.shapeProperties = { borderDashes: [4, 3] };
    if (node.center) {
      out.size = node.size || 24;
      out.borderWidth = 4;
      out.font = { size: 16, face: "inherit" };
    }
    return out;
  }

  function edgeTooltip(edge, labels) {
    let text = `${labels.get(edge.from) || edge.from} — ${edge.label_vi} → ${
      labels.get(edge.to) || edge.to
    }`;
    if (edge.mentions > 1) text += `\nNêu ${edge.mentions} lần`;
    if (edge.stated_by) text += `\nDo ${labels.get(edge.stated_by) || edge.stated_by} nêu`;
    return text;
  }

  // Checkboxes "colour + label" in a container; onChange(set of unchecked ids).
  function checkboxes(container, items, off, onChange, counts) {
    container.querySelectorAll(".luocdo-check").forEach((n) => n.remove());
    for (const item of items) {
      const label = el("label", "luocdo-check");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = !off.has(item.id);
      box.value = item.id;
      box.addEventListener("change", () => {
        if (box.checked) off.delete(item.id);
        else off.add(item.id);
        onChange();
      });
      label.append(box, swatch(item.color, false), document.createTextNode(" " + item.label));
      if (counts && counts[item.id] !== undefined) {
        label.append(el("span", "luocdo-count", ` (${counts[item.id]})`));
      }
      container.append(label);
    }
    container.hidden = items.length === 0;
  }

  function drawNetwork(vis, canvas, nodes, edges, options, onClick) {
    const network = new vis.Network(canvas, { nodes, edges }, options);
    network.on("click", (params) => {
      if (params.nodes.length === 1) onClick(params.nodes[0]);
    });
    network.on("hoverNode", () => (canvas.style.cursor = "pointer"));
    network.on("blurNode", () => (canvas.style.cursor = ""));
    if (nodes.length > BIG_VIEW) {
      network.once("stabilizationIterationsDone", () => network.setOptions({ physics: false }));
    }
    // vis-network fits the view when its stabilization ends, but the layout keeps spreading
    // a little afterwards, pushing labels at the edges out of a narrow canvas: fit once more
    // when it has come to rest, unless the reader has already moved or zoomed the view.
    let touched = false;
    network.on("dragStart", () => (touched = true));
    network.on("zoom", () => (touched = true));
    network.on("stabilized", () => {
      if (!touched) network.fit({ animation: false });
    });
    return network;
  }

  // --- one document's view -----------------------------------------------------------------

  function initView(root) {
    root.dataset.ready = "1";
    const base = root.dataset.base || "";
    const status = root.querySelector(".luocdo-view__status");
    const canvas = root.querySelector(".luocdo-view__canvas");
    const relBox = root.querySelector(".luocdo-view__relations");
    const typeBox = root.querySelector(".luocdo-view__types");
    const note = root.querySelector(".luocdo-view__note");
    const toggle = root.querySelector(".luocdo-view__depth");
    const sources = { 1: root.dataset.d1, 2: root.dataset.d2 };
    const cache = {};
    const off = new Set(); // relations switched off; kept when the depth changes
    let network = null;

    async function show(depth) {
      status.textContent = "Đang tải lược đồ…";
      try {
        cache[depth] = cache[depth] || fetchJson(sources[depth]);
        const [vis, data] = await Promise.all([loadVis(), cache[depth]]);
        render(vis, data);
      } catch (err) {
        delete cache[depth];
        status.textContent = "Không hiển thị được lược đồ: " + err.message;
      }
    }

    function render(vis, data) {
      const labels = new Map(data.nodes.map((n) => [n.id, n.title.split("\n")[0]]));
      const nodes = new vis.DataSet(data.nodes.map(styleNode));
      const edges = new vis.DataSet(
        data.edges.map((e, i) => Object.assign({ id: "e" + i, title: edgeTooltip(e, labels) }, e))
      );
      // A node stays while one of its edges is shown; the centre, and a node left with no
      // edge at all by the edge cap, always.
      const bare = new Set(data.nodes.map((n) => n.id));
      data.edges.forEach((e) => {
        bare.delete(e.from);
        bare.delete(e.to);
      });
      let linked = new Set();
      const edgeView = new vis.DataView(edges, { filter: (e) => !off.has(e.relation) });
      const nodeView = new vis.DataView(nodes, {
        filter: (n) => n.center || bare.has(n.id) || linked.has(n.id),
      });
      const refresh = () => {
        edgeView.refresh();
        linked = new Set();
        edgeView.forEach((e) => {
          linked.add(e.from);
          linked.add(e.to);
        });
        nodeView.refresh();
        status.textContent =
          `${formatNumber(nodeView.length)} văn bản, ${formatNumber(edgeView.length)} quan hệ` +
          (data.depth === 2 ? " (2 bậc)" : "");
      };

      checkboxes(relBox, data.legend.relations, off, refresh);
      typeBox.replaceChildren();
      for (const t of data.legend.types) {
        typeBox.append(el("span", "luocdo-legend-item"));
        typeBox.lastChild.append(swatch(t.color, false), document.createTextNode(" " + t.label));
      }
      const hollow = el("span", "luocdo-legend-item");
      hollow.append(swatch("#666666", true), document.createTextNode(" ngoài kho"));
      typeBox.append(hollow);
      typeBox.hidden = false;
      note.textContent = data.note || "";
      note.hidden = !data.note;

      if (network) network.destroy();
      refresh();
      network = drawNetwork(vis, canvas, nodeView, edgeView, data.options, (id) => {
        const node = nodes.get(id);
        if (node && node.url && !node.center) location.href = base + node.url;
      });
      root.luocdoNetwork = network; // for browser tests and the console
    }

    toggle.addEventListener("change", () => show(toggle.checked ? 2 : 1));
    show(toggle.checked ? 2 : 1);
  }

  // --- the corpus-wide view -----------------------------------------------------------------

  function initGlobal(root) {
    root.dataset.ready = "1";
    const base = root.dataset.base || "";
    const status = root.querySelector(".luocdo-global__status");
    const canvas = root.querySelector(".luocdo-global__canvas");
    const typeBox = root.querySelector(".luocdo-global__types");
    const relBox = root.querySelector(".luocdo-global__relations");
    const from = root.querySelector(".luocdo-global__from");
    const to = root.querySelector(".luocdo-global__to");
    const unknown = root.querySelector(".luocdo-global__unknown");
    const note = root.querySelector(".luocdo-global__note");
    status.textContent = "Đang tải lược đồ…";

    Promise.all([loadVis(), fetchJson(root.dataset.src)])
      .then(([vis, data]) => {
        const offTypes = new Set();
        const offRelations = new Set();
        const labels = new Map(data.nodes.map((n) => [n.id, n.title.split("\n")[0]]));
        const nodes = new vis.DataSet(data.nodes.map(styleNode));
        const edges = new vis.DataSet(
          data.edges.map((e, i) =>
            Object.assign({ id: "e" + i, title: edgeTooltip(e, labels) }, e)
          )
        );
        if (data.years) {
          from.value = from.min = to.min = data.years[0];
          to.value = from.max = to.max = data.years[1];
        }
        const nodeOk = (n) => {
          if (offTypes.has(n.type)) return false;
          if (n.year === undefined || n.year === null) return unknown.checked;
          const lo = Number(from.value) || -Infinity;
          const hi = Number(to.value) || Infinity;
          return n.year >= lo && n.year <= hi;
        };
        const nodeView = new vis.DataView(nodes, { filter: nodeOk });
        const edgeView = new vis.DataView(edges, {
          filter: (e) =>
            !offRelations.has(e.relation) &&
            nodeOk(nodes.get(e.from)) &&
            nodeOk(nodes.get(e.to)),
        });
        const refresh = () => {
          nodeView.refresh();
          edgeView.refresh();
          status.textContent =
            `Đang hiện ${formatNumber(nodeView.length)} văn bản và ` +
            `${formatNumber(edgeView.length)} quan hệ (theo bộ lọc)`;
        };
        checkboxes(typeBox, data.legend.types, offTypes, refresh, data.shown.by_type);
        checkboxes(relBox, data.legend.relations, offRelations, refresh, data.shown.by_relation);
        for (const input of [from, to, unknown]) input.addEventListener("change", refresh);
        note.textContent =
          data.note ||
          `Hiển thị toàn bộ ${formatNumber(data.totals.nodes)} văn bản và ` +
            `${formatNumber(data.totals.edges)} quan hệ của kho.`;
        refresh();
        root.luocdoNetwork = drawNetwork(vis, canvas, nodeView, edgeView, data.options, (id) => {
          const node = nodes.get(id);
          if (node && node.url) location.href = base + node.url;
        });
      })
      .catch((err) => {
        status.textContent = "Không hiển thị được lược đồ: " + err.message;
      });
  }

  // --- boot -----------------------------------------------------------------------------------

  function importModule(name) {
    return import(new URL(name, SELF).href).then((module) => module.boot());
  }

  function boot() {
    document.querySelectorAll(".luocdo-view:not([data-ready])").forEach(initView);
    document.querySelectorAll(".luocdo-global:not([data-ready])").forEach(initGlobal);
    const failed = (selector) => (err) => {
      document.querySelectorAll(selector + " [role=status]").forEach((n) => {
        n.textContent = "Không tải được trang: " + err.message;
      });
    };
    if (document.querySelector(".luocdo-search:not([data-ready])")) {
      importModule("search.js").catch(failed(".luocdo-search"));
    }
    if (document.querySelector(".luocdo-sparql:not([data-ready])")) {
      importModule("sparql.js").catch(failed(".luocdo-sparql"));
    }
  }

  // MkDocs-Material's instant navigation replaces the page without reloading scripts and
  // announces each page on document$; without it, run once the page is parsed.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(boot);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})();
