/* luocdo — SPARQL in the browser (sparql/), with Oxigraph's WebAssembly build.
 *
 * Loads the site's lighter graph dump (data/graph-core.ttl: the graph without the per-mention
 * evidence, graph/dataset.py) into an in-memory Oxigraph store and runs queries locally:
 * nothing leaves the machine. The project's prefixes are declared for the user (as
 * graph/query.py does); ?q=<example name> selects and runs an example query.
 * The WebAssembly module and the dump are fetched: serve the site over http (file:// fails).
 *
 * Results are data: every cell goes in with textContent; document IRIs become links to the
 * document's page (https://w3id.org/luocdo/id/<slug> → van-ban/<slug>/).
 */

import init, * as oxigraph from "../vendor/oxigraph/web.js";

const CONFIG = new URL("config.json", import.meta.url);
const MAX_ROWS = 1000; // rows shown; the count says how many there are
const XSD = "http://www.w3.org/2001/XMLSchema#";
// Datatypes a reader recognises from the value itself: not printed after it.
const PLAIN_TYPES = new Set(
  ["string", "integer", "decimal", "double", "boolean", "date", "dateTime", "gYear"].map(
    (t) => XSD + t
  )
);

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function ms(start) {
  return Math.round(performance.now() - start).toLocaleString("vi-VN") + " ms";
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// The project's prefixes that the query uses but does not declare (graph/query.py), on the
// query's first line, so the line numbers of error messages stay right.
function withPrefixes(query, prefixes) {
  const declared = new Set(
    [...query.matchAll(/^\s*PREFIX\s+([A-Za-z][\w-]*)?\s*:/gim)].map((m) => m[1] || "")
  );
  const missing = Object.entries(prefixes)
    .filter(
      ([name]) =>
        !declared.has(name) && new RegExp(`(?<![\\w<])${escapeRegExp(name)}:`).test(query)
    )
    .map(([name, iri]) => `PREFIX ${name}: <${iri}>`);
  return missing.length ? missing.join(" ") + " " + query : query;
}

// The media type of a dump, from its name: Turtle (graph-core.ttl) or N-Triples (graph.nt).
function dumpFormat(path) {
  return /\.ttl$/i.test(path) ? "text/turtle" : "application/n-triples";
}

// SELECT, ASK, CONSTRUCT or DESCRIBE: the first keyword after comments, PREFIX and BASE.
function queryForm(query) {
  const body = query
    .replace(/#[^\n]*/g, " ")
    .replace(/\b(PREFIX\s+[\w-]*:\s*<[^>]*>|BASE\s*<[^>]*>)/gi, " ");
  const match = body.match(/\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i);
  return match ? match[1].toUpperCase() : "SELECT";
}

function initSparql(root) {
  root.dataset.ready = "1";
  const base = root.dataset.base || "";
  const status = root.querySelector(".luocdo-sparql__status");
  const textarea = root.querySelector(".luocdo-sparql__query");
  const runButton = root.querySelector(".luocdo-sparql__run");
  const timing = root.querySelector(".luocdo-sparql__time");
  const output = root.querySelector(".luocdo-sparql__results");
  const errorBox = root.querySelector(".luocdo-sparql__error");
  const examples = JSON.parse(root.dataset.examples || "[]"); // [name, comment, text]
  const pagePrefixes = JSON.parse(root.dataset.prefixes || "{}");
  let config = { prefixes: pagePrefixes, doc_iri: null, doc_pages: "van-ban/" };
  let store = null;

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = !message;
  }

  // A term for people: a prefixed name where a prefix fits; documents link to their page.
  function termCell(term) {
    const cell = element("td");
    if (!term) return cell;
    if (term.type === "uri") {
      const iri = term.value;
      let text = iri;
      if (config.doc_iri && iri.startsWith(config.doc_iri)) {
        const slug = iri.slice(config.doc_iri.length);
        const link = element("a", null, "id:" + slug);
        link.href = base + config.doc_pages + slug + "/";
        link.title = iri;
        cell.append(link);
        return cell;
      }
      const prefixes = Object.entries(config.prefixes).sort((a, b) => b[1].length - a[1].length);
      for (const [name, ns] of prefixes) {
        if (iri.startsWith(ns) && /^[\w.-]*$/.test(iri.slice(ns.length))) {
          text = `${name}:${iri.slice(ns.length)}`;
          break;
        }
      }
      cell.append(element("span", "luocdo-sparql__iri", text));
      cell.title = iri;
    } else if (term.type === "literal" || term.type === "typed-literal") {
      cell.append(document.createTextNode(term.value));
      if (term["xml:lang"]) {
        cell.append(element("span", "luocdo-sparql__dt", "@" + term["xml:lang"]));
      } else if (term.datatype && !PLAIN_TYPES.has(term.datatype)) {
        cell.append(element("span", "luocdo-sparql__dt", "^^" + term.datatype.replace(XSD, "xsd:")));
      }
    } else {
      cell.append(document.createTextNode("_:" + term.value));
    }
    return cell;
  }

  // An Oxigraph term (CONSTRUCT/DESCRIBE results) in the SPARQL JSON shape.
  function jsonTerm(term) {
    if (term.termType === "NamedNode") return { type: "uri", value: term.value };
    if (term.termType === "BlankNode") return { type: "bnode", value: term.value };
    const out = { type: "literal", value: term.value };
    if (term.language) out["xml:lang"] = term.language;
    else if (term.datatype) out.datatype = term.datatype.value;
    return out;
  }

  function table(columns, rows) {
    const tableNode = element("table", "luocdo-sparql__table");
    const head = element("tr");
    for (const column of columns) head.append(element("th", null, column));
    tableNode.append(element("thead"));
    tableNode.tHead.append(head);
    const body = element("tbody");
    for (const row of rows.slice(0, MAX_ROWS)) {
      const tr = element("tr");
      for (const column of columns) tr.append(termCell(row[column]));
      body.append(tr);
    }
    tableNode.append(body);
    return tableNode;
  }

  function run() {
    showError("");
    if (!store) return;
    const query = withPrefixes(textarea.value, config.prefixes);
    const form = queryForm(textarea.value);
    const started = performance.now();
    output.replaceChildren();
    try {
      let count;
      if (form === "SELECT" || form === "ASK") {
        const json = JSON.parse(
          store.query(query, { results_format: "application/sparql-results+json" })
        );
        if (form === "ASK" || typeof json.boolean === "boolean") {
          output.append(element("p", "luocdo-sparql__boolean", json.boolean ? "Có (true)" : "Không (false)"));
          count = 1;
        } else {
          const rows = json.results.bindings;
          output.append(table(json.head.vars, rows));
          count = rows.length;
        }
      } else {
        const quads = store.query(query);
        const rows = quads.map((q) => ({
          subject: jsonTerm(q.subject),
          predicate: jsonTerm(q.predicate),
          object: jsonTerm(q.object),
        }));
        output.append(table(["subject", "predicate", "object"], rows));
        count = rows.length;
      }
      let text = `${count.toLocaleString("vi-VN")} dòng · ${ms(started)}`;
      if (count > MAX_ROWS) text += ` · hiện ${MAX_ROWS.toLocaleString("vi-VN")} dòng đầu`;
      timing.textContent = text;
    } catch (err) {
      timing.textContent = "";
      showError("Lỗi truy vấn: " + (err && err.message ? err.message : String(err)));
    }
  }

  function choose(name, execute) {
    const example = examples.find((e) => e[0] === name);
    if (!example) return false;
    textarea.value = example[2];
    if (execute) textarea.scrollIntoView({ block: "nearest" });
    const url = new URL(location.href);
    url.searchParams.set("q", name);
    history.replaceState(null, "", url);
    if (execute) run();
    return true;
  }

  // The example list: one button per query, its comment beside it.
  const list = root.querySelector(".luocdo-sparql__examples");
  for (const button of list.querySelectorAll("button[data-name]")) {
    button.addEventListener("click", () => choose(button.dataset.name, true));
  }
  runButton.addEventListener("click", run);
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  });

  const wanted = new URLSearchParams(location.search).get("q");
  if (!(wanted && choose(wanted, false)) && examples.length) textarea.value = examples[0][2];

  (async () => {
    runButton.disabled = true;
    try {
      let started = performance.now();
      status.textContent = "Đang tải bộ máy SPARQL (Oxigraph, WebAssembly)…";
      const [, loaded] = await Promise.all([
        init(),
        fetch(CONFIG).then((r) => (r.ok ? r.json() : {})).catch(() => ({})),
      ]);
      config = Object.assign(config, loaded, { prefixes: Object.assign({}, loaded.prefixes, pagePrefixes) });
      const engineTime = ms(started);
      started = performance.now();
      status.textContent = "Đang tải dữ liệu…";
      const response = await fetch(root.dataset.graph);
      if (!response.ok) throw new Error(`HTTP ${response.status}: ${root.dataset.graph}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      const fetchTime = ms(started);
      started = performance.now();
      store = new oxigraph.Store();
      store.load(bytes, { format: dumpFormat(root.dataset.graph), no_transaction: true });
      status.textContent =
        `Sẵn sàng: ${store.size.toLocaleString("vi-VN")} bộ ba ` +
        `(${(bytes.length / 1048576).toLocaleString("vi-VN", { maximumFractionDigits: 1 })} MB). ` +
        `Bộ máy ${engineTime}, tải ${fetchTime}, nạp ${ms(started)}.`;
      runButton.disabled = false;
      if (wanted && examples.some((e) => e[0] === wanted)) run();
    } catch (err) {
      status.textContent =
        location.protocol === "file:"
          ? "SPARQL cần mở trang qua http (python -m http.server -d build/site)."
          : "Không tải được SPARQL: " + (err && err.message ? err.message : String(err));
    }
  })();
}

export function boot() {
  document.querySelectorAll(".luocdo-sparql:not([data-ready])").forEach(initSparql);
}
