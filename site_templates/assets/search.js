/* luocdo — the search page (tim-kiem/), on Pagefind's JavaScript API.
 *
 * The index is this site's own pagefind/ bundle (graph/search.py index_search); Pagefind
 * loads only the chunks a query needs. Vietnamese syllables differ by their marks alone
 * ("dân vận", "dẫn văn"), so diacritics are matched exactly (exactDiacritics) and case is
 * folded: "DÂN VẬN" = "dân vận". A query without marks ("dan van") matches the folded copies
 * each document page carries (its label, number spellings "33/ct-ttg", "ct 33", title and
 * issuer) and their adjacent syllables joined ("danvan"): documents matching the query as a
 * phrase come first. A query that finds nothing so is run again with diacritics folded, over
 * the whole text. ?q=… in the address runs a query.
 * Pagefind fetches its index: the page must be served over http, not opened from file://.
 *
 * Results are data: titles and metadata go in with textContent; the excerpt is rebuilt from
 * its text and <mark> elements only.
 */

const PAGE_SIZE = 20;
const SHARDS = "luocdo-shards.json"; // other bundles to merge (graph/search.py)

const engines = new Map();

// Pagefind, with the shards of a large site merged in; loaded once per page and per kind:
// "exact" (diacritics matched) and, for a query that finds nothing so, "folded". Options
// reach only the bundle they are given to, so each kind is its own instance of the module
// (imported under its own address) with every shard merged in with that kind's options.
function loadEngine(base, kind = "exact") {
  if (!engines.has(kind)) {
    const loading = (async () => {
      const root = new URL(base, document.baseURI);
      const bundle = new URL("pagefind/", root);
      const module = new URL("pagefind.js", bundle);
      if (kind !== "exact") module.search = `?${kind}`;
      const pagefind = await import(module.href);
      // No penalty for long pages: a document's own number and title are in its search keys,
      // and a long text (a law) must not lose to a short page that merely mentions it.
      const options = {
        excerptLength: 28,
        exactDiacritics: kind === "exact",
        ranking: { pageLength: 0 },
      };
      await pagefind.options(options);
      await pagefind.init();
      const manifest = await fetch(new URL(SHARDS, bundle)).catch(() => null);
      if (manifest && manifest.ok) {
        for (const path of await manifest.json()) {
          await pagefind.mergeIndex(new URL(path, root).href, options);
        }
      }
      return pagefind;
    })();
    loading.catch(() => engines.delete(kind));
    engines.set(kind, loading);
  }
  return engines.get(kind);
}

// "Đồng Tháp" → "dong thap", as graph/normalize.py fold_key does.
function fold(text) {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase();
}

// "dan van" → "danvan": adjacent folded syllables joined, as graph/search.py syllable_pairs.
function syllablePairs(text) {
  const words = fold(text).match(/[a-z0-9]+/g) || [];
  const pairs = [];
  for (let i = 0; i + 1 < words.length; i++) pairs.push(words[i] + words[i + 1]);
  return pairs.join(" ");
}

// Phrase matches (on the syllable pairs) first, then every other match; if nothing matches,
// the query again with diacritics folded over the whole text. A page found both ways keeps
// its phrase rank and the plain match's excerpt (which can come from the document's text).
async function find(base, query, filters) {
  const pagefind = await loadEngine(base);
  const pairs = syllablePairs(query);
  const [phrase, plain] = await Promise.all([
    pairs ? pagefind.search(pairs, { filters }) : null,
    pagefind.search(query || null, { filters }),
  ]);
  const plainById = new Map(plain.results.map((r) => [r.id, r]));
  const seen = new Set();
  const merged = [];
  for (const result of [...(phrase ? phrase.results : []), ...plain.results]) {
    if (!seen.has(result.id)) {
      seen.add(result.id);
      merged.push(plainById.get(result.id) || result);
    }
  }
  if (merged.length || !query) return merged;
  const folded = await loadEngine(base, "folded");
  return (await folded.search(query, { filters })).results;
}

// Pagefind's excerpt is HTML with <mark> around the hits: keep the text and the marks.
function excerptNodes(html) {
  const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  const out = [];
  for (const node of parsed.body.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.push(mark);
    } else {
      out.push(document.createTextNode(node.textContent));
    }
  }
  return out;
}

// An excerpt near the end of a page can run from the document's text into its search keys
// (ASCII only, beginning with the folded label "cong van 9465/ubnd-kstthc"): cut it where the
// keys begin, so the reader sees only the document's words.
function withoutKeys(nodes, label) {
  const key = fold(label || "");
  const text = nodes.map((n) => n.textContent).join("");
  let tail = text.length; // where the ASCII-only end of the excerpt begins
  while (tail > 0 && text.charCodeAt(tail - 1) < 128) tail--;
  let cut = -1;
  for (let i = tail; key && i < text.length; i++) {
    if (i > 0 && /[a-z0-9]/i.test(text[i - 1])) continue; // at the start of a word only
    const rest = text.slice(i).trimEnd();
    if (rest.startsWith(key) || (rest.length >= 2 && key.startsWith(rest))) {
      cut = i;
      break;
    }
  }
  if (cut < 0) return nodes;
  const out = [];
  let at = 0;
  for (const node of nodes) {
    const length = node.textContent.length;
    if (at + length <= cut) {
      out.push(node);
      at += length;
      continue;
    }
    const keep = node.textContent.slice(0, cut - at).trimEnd();
    if (keep) {
      const copy = node.cloneNode(false);
      copy.textContent = keep;
      out.push(copy);
    }
    break;
  }
  // no matched word left in the document's own text: an excerpt would show nothing of why
  // the page was found (the caller drops an empty one)
  if (!out.some((n) => n.nodeName === "MARK")) return [];
  out.push(document.createTextNode(" …"));
  return out;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

// A result's URL is root-relative ("/van-ban/…/"): make it relative to this page, so the
// site works in any folder of a server.
function pageUrl(base, url) {
  return base + String(url).replace(/^\/+/, "");
}

function initSearch(root) {
  root.dataset.ready = "1";
  const base = root.dataset.base || "";
  const form = root.querySelector("form");
  const input = root.querySelector("input[type=search]");
  const typeSelect = root.querySelector(".luocdo-search__type");
  const status = root.querySelector(".luocdo-search__status");
  const list = root.querySelector(".luocdo-search__results");
  const more = root.querySelector(".luocdo-search__more");
  let results = [];
  let shown = 0;
  let generation = 0; // a newer query cancels the rendering of an older one

  async function showMore(current) {
    const slice = results.slice(shown, shown + PAGE_SIZE);
    shown += slice.length;
    const pages = await Promise.all(slice.map((r) => r.data()));
    if (current !== generation) return;
    for (const page of pages) {
      const meta = page.meta || {};
      const item = element("li", "luocdo-search__hit");
      const link = element("a", "luocdo-search__title", meta.title || page.url);
      link.href = pageUrl(base, page.url);
      const facts = [meta.type, meta.number, meta.issuer].filter(Boolean).join(" · ");
      item.append(link);
      if (facts) item.append(element("div", "luocdo-search__facts", facts));
      if (meta.trich_yeu) item.append(element("p", "luocdo-search__summary", meta.trich_yeu));
      // The search keys of a page are ASCII only: an excerpt without a Vietnamese letter is
      // one of them, not of the document's text, and is not shown.
      const nodes = withoutKeys(excerptNodes(page.excerpt || ""), meta.title);
      if (nodes.some((n) => /[^\x00-\x7f]/.test(n.textContent))) {
        const excerpt = element("p", "luocdo-search__excerpt");
        excerpt.append(...nodes);
        item.append(excerpt);
      }
      list.append(item);
    }
    more.hidden = shown >= results.length;
  }

  async function run(query) {
    const current = ++generation;
    const filters = typeSelect && typeSelect.value ? { loai: typeSelect.value } : {};
    list.replaceChildren();
    more.hidden = true;
    if (!query.trim() && !filters.loai) {
      status.textContent = "";
      return;
    }
    status.textContent = "Đang tìm…";
    try {
      const started = performance.now();
      const found = await find(base, query.trim(), filters);
      if (current !== generation) return;
      results = found;
      shown = 0;
      const ms = Math.round(performance.now() - started);
      status.textContent = results.length
        ? `${results.length.toLocaleString("vi-VN")} văn bản (${ms} ms)`
        : `Không tìm thấy văn bản nào (${ms} ms).`;
      await showMore(current);
    } catch (err) {
      status.textContent =
        location.protocol === "file:"
          ? "Tìm kiếm cần mở trang qua http (python -m http.server -d build/site)."
          : "Không tìm được: " + err.message;
    }
  }

  async function fillTypes() {
    if (!typeSelect) return;
    try {
      const pagefind = await loadEngine(base);
      const filters = await pagefind.filters();
      const types = Object.entries(filters.loai || {}).sort((a, b) => a[0].localeCompare(b[0], "vi"));
      for (const [name, count] of types) {
        const option = element("option", null, `${name} (${count})`);
        option.value = name;
        typeSelect.append(option);
      }
    } catch (err) {
      // The type filter is optional: the search itself reports a missing index.
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    run(input.value);
  });
  if (typeSelect) typeSelect.addEventListener("change", () => run(input.value));
  more.addEventListener("click", () => showMore(generation));

  const initial = new URLSearchParams(location.search).get("q");
  fillTypes();
  if (initial) {
    input.value = initial;
    run(initial);
  }
}

export function boot() {
  document.querySelectorAll(".luocdo-search:not([data-ready])").forEach(initSearch);
}
