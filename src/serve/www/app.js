/* app.js: the khabar web page. No framework: the URL is the state
   (/?q=&source=&since=&until=&page=, /article/ID), history.pushState moves
   between views and the back button replays them. Everything shown comes
   from the JSON API of the same server; text is put in with textContent,
   and the snippets' HTML is the server's (escaped, with <mark>). */
"use strict";

const PER_PAGE = 10;
const main = () => document.getElementById("main");
const qbox = () => document.getElementById("q");

/* ---- helpers ---------------------------------------------------------- */

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") e.textContent = v;
    else if (k === "html") e.innerHTML = v; /* only server-escaped HTML */
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids.flat()) if (k !== null && k !== undefined) e.append(k);
  return e;
}

function svg(tag, attrs) {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

const numFmt = new Intl.NumberFormat("en-IN");
const fmtNum = (n) => numFmt.format(n);

function fmtDate(iso, withYear = true) {
  if (!iso) return "";
  const d = new Date(iso.length === 10 ? iso + "T00:00:00" : iso);
  if (isNaN(d)) return iso;
  try {
    return d.toLocaleDateString("hi-IN", withYear ? { day: "numeric", month: "long", year: "numeric" }
                                                  : { day: "numeric", month: "short" });
  } catch (e) {
    return iso.slice(0, 10);
  }
}

function state() {
  const u = new URL(location.href);
  const p = u.searchParams;
  return {
    path: u.pathname,
    q: p.get("q") || "",
    source: p.get("source") || "",
    since: p.get("since") || "",
    until: p.get("until") || "",
    page: Math.max(1, parseInt(p.get("page") || "1", 10) || 1),
  };
}

function searchUrl(s) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  if (s.source) p.set("source", s.source);
  if (s.since) p.set("since", s.since);
  if (s.until) p.set("until", s.until);
  if (s.page > 1) p.set("page", String(s.page));
  const qs = p.toString();
  return "/" + (qs ? "?" + qs : "");
}

function go(url) {
  if (url !== location.pathname + location.search) history.pushState(null, "", url);
  render().then(() => window.scrollTo(0, 0));
}

function link(href, text, attrs) {
  return el("a", Object.assign({ href, "data-nav": true, text }, attrs || {}));
}

async function api(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await r.json(); } catch (e) { /* not JSON */ }
  if (!r.ok) {
    const msg = body && body.error ? body.error.message : "HTTP " + r.status;
    const err = new Error(msg);
    err.status = r.status;
    throw err;
  }
  return body;
}

function showError(msg) {
  main().replaceChildren(el("p", { class: "error", role: "alert", text: msg }));
}

/* ---- views ------------------------------------------------------------- */

let seq = 0; /* a newer render wins over a slower older one */

async function render() {
  const s = state();
  const my = ++seq;
  if (s.path.startsWith("/article/")) {
    const id = decodeURIComponent(s.path.slice("/article/".length));
    return renderArticle(id, my);
  }
  qbox().value = s.q;
  if (!s.q && !s.source && !s.since && !s.until) return renderHome(my);
  return renderResults(s, my);
}

async function renderHome(my) {
  document.title = "ख़बर · khabar";
  const examples = ["पहलगाम हमला", "pahalgam hamla", "मोदी", "\"आतंकी हमला\"", "बारिश since:2025-06"];
  const box = el("div", { class: "home" },
    el("h1", { text: "ख़बर" }),
    el("p", { text: "हिंदी ख़बरों में खोजें: देवनागरी में लिखें या रोमन अक्षरों में (pahalgam → पहलगाम)।" }),
    el("ul", { class: "examples" },
      examples.map((q) => el("li", {}, link(searchUrl({ q, page: 1 }), q)))));
  main().replaceChildren(box);
  try {
    const st = await api("/api/stats");
    if (my !== seq) return;
    box.append(el("p", { class: "count", text: fmtNum(st.documents) + " ख़बरें खोजी जा सकती हैं" }));
  } catch (e) { /* the page works without the count */ }
  qbox().focus();
}

function interpretation(list) {
  if (!list || !list.length) return null;
  const byWord = new Map();
  for (const r of list) if (!byWord.has(r.word)) byWord.set(r.word, r.as);
  return el("p", { class: "interp" },
    el("span", { class: "label", text: "इस तरह समझा: " }),
    [...byWord].map(([w, a]) => el("span", { class: "pair" },
      el("span", { class: "from", lang: "en", text: w }),
      el("span", { class: "arrow", text: "→" }),
      el("span", { class: "to", text: a }))));
}

function chips(s) {
  const out = [];
  const clear = (k, label) => el("span", { class: "chip" }, label,
    link(searchUrl(Object.assign({}, s, { [k]: "", page: 1 })), "×", { "aria-label": "हटाएँ", title: "हटाएँ" }));
  if (s.source) out.push(clear("source", "स्रोत: " + s.source));
  if (s.since) out.push(clear("since", "से: " + fmtDate(s.since)));
  if (s.until) out.push(clear("until", "तक: " + fmtDate(s.until)));
  return out.length ? el("div", { class: "chips" }, out) : null;
}

/* Articles per day as bars; wide spans are summed into buckets of several
   days so that a bar stays visible. A click narrows to the bar's days. */
function timeline(days, s) {
  if (!days || days.length < 2) return null;
  const t = (iso) => Date.parse(iso + "T00:00:00Z") / 86400000;
  const first = t(days[0].date), last = t(days[days.length - 1].date);
  const span = last - first + 1;
  const step = Math.max(1, Math.ceil(span / 120));
  const nb = Math.ceil(span / step);
  const buckets = new Array(nb).fill(0);
  for (const d of days) buckets[Math.floor((t(d.date) - first) / step)] += d.count;
  const max = Math.max(...buckets);
  const W = 600, H = 80, bw = W / nb;
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: "none", role: "img",
                             "aria-label": "हर दिन की ख़बरें" });
  const iso = (day) => new Date(day * 86400000).toISOString().slice(0, 10);
  chart.append(svg("line", { class: "base", x1: 0, y1: H - 0.5, x2: W, y2: H - 0.5 }));
  buckets.forEach((n, i) => {
    if (!n) return;
    const h = Math.max(2, (n / max) * (H - 4));
    const from = iso(first + i * step), to = iso(Math.min(last, first + (i + 1) * step - 1));
    const r = svg("rect", { class: "bar", x: (i * bw + bw * 0.1).toFixed(2), y: (H - h).toFixed(2),
                            width: Math.max(1, bw * 0.8).toFixed(2), height: h.toFixed(2) });
    const tip = svg("title", {});
    tip.textContent = (from === to ? fmtDate(from) : fmtDate(from) + " – " + fmtDate(to)) + ": " + fmtNum(n);
    r.append(tip);
    r.addEventListener("click", () => go(searchUrl(Object.assign({}, s, { since: from, until: to, page: 1 }))));
    chart.append(r);
  });
  return el("div", { class: "timeline" },
    el("h2", { text: step === 1 ? "हर दिन की ख़बरें" : `ख़बरें (${step} दिन प्रति खाना)` }),
    chart,
    el("div", { class: "axis" }, el("span", { text: fmtDate(days[0].date) }),
       el("span", { text: fmtDate(days[days.length - 1].date) })));
}

function facets(res, s) {
  const srcs = (res.facets && res.facets.sources) || [];
  const list = el("ul", { class: "facet" });
  const shown = srcs.slice(0, 12);
  if (s.source && !shown.some((f) => f.value === s.source))
    shown.unshift({ value: s.source, count: res.total });
  for (const f of shown) {
    const on = f.value === s.source;
    list.append(el("li", { class: on ? "on" : null },
      link(searchUrl(Object.assign({}, s, { source: on ? "" : f.value, page: 1 })), f.value),
      el("span", { class: "n", text: fmtNum(f.count) })));
  }
  const since = el("input", { type: "date", name: "since", value: s.since.length === 10 ? s.since : null });
  const until = el("input", { type: "date", name: "until", value: s.until.length === 10 ? s.until : null });
  const dates = el("form", { class: "dates", onsubmit: (ev) => {
      ev.preventDefault();
      go(searchUrl(Object.assign({}, s, { since: since.value, until: until.value, page: 1 })));
    } },
    el("label", { text: "से" }, since), el("label", { text: "तक" }, until),
    el("button", { type: "submit", text: "लागू करें" }));
  /* people, places, organisations of the best matches: a click adds the
     entity to the query, in its field */
  const ents = [["persons", "person"], ["places", "place"], ["orgs", "org"]].map(([key, kind]) => {
    const vals = ((res.facets && res.facets[key]) || []).slice(0, 8);
    if (!vals.length) return null;
    return el("section", {}, el("h2", { text: ENTITY_LABELS[kind] }),
      el("ul", { class: "facet" }, vals.map((f) => el("li", {},
        link(searchUrl(Object.assign({}, s, { q: (s.q ? s.q + " " : "") + `${kind}:"${f.value.replace(/"/g, "")}"`, page: 1 })),
             f.value, { class: "ent " + kind }),
        el("span", { class: "n", text: fmtNum(f.count) })))));
  });
  const d = el("details", { class: "filters", open: true },
    el("summary", { text: "फ़िल्टर: स्रोत, तारीख़, लोग और जगहें" }),
    el("section", {}, el("h2", { text: "स्रोत" }), srcs.length ? list : el("p", { class: "n", text: "—" })),
    el("section", {}, el("h2", { text: "तारीख़" }), dates),
    ents);
  if (window.matchMedia("(max-width: 760px)").matches) d.open = false;
  return el("aside", {}, d);
}

function pager(total, s) {
  const pages = Math.min(Math.ceil(total / PER_PAGE), Math.floor(10000 / PER_PAGE));
  if (pages <= 1) return null;
  const nav = el("nav", { class: "pager", "aria-label": "पन्ने" });
  const to = (p) => searchUrl(Object.assign({}, s, { page: p }));
  if (s.page > 1) nav.append(link(to(s.page - 1), "← पिछला", { rel: "prev" }));
  let lastShown = 0;
  for (let p = 1; p <= pages; p++) {
    if (p !== 1 && p !== pages && Math.abs(p - s.page) > 2) continue;
    if (p - lastShown > 1) nav.append(el("span", { class: "gap", text: "…" }));
    nav.append(p === s.page ? el("span", { class: "cur", "aria-current": "page", text: String(p) })
                            : link(to(p), String(p)));
    lastShown = p;
  }
  if (s.page < pages) nav.append(link(to(s.page + 1), "अगला →", { rel: "next" }));
  return nav;
}

/* The start of a text, cut at a word, for an article without a title. */
function excerpt(text, max = 90) {
  const t = text.replace(/^…\s*/, "").replace(/\s+/g, " ").trim();
  if (t.length <= max) return t;
  const cut = t.lastIndexOf(" ", max);
  return t.slice(0, cut > 40 ? cut : max) + " …";
}

function hit(h) {
  let title = h.title;
  if (!title && h.snippet) { /* the snippet's text, without its marks */
    const tmp = document.createElement("div");
    tmp.innerHTML = h.snippet;
    title = excerpt(tmp.textContent);
  }
  return el("li", { class: "hit" },
    el("h3", {}, link("/article/" + encodeURIComponent(h.id), title || "(बिना शीर्षक)")),
    el("div", { class: "meta" },
      h.source ? el("span", { class: "src", text: h.source }) : null,
      h.source && h.date ? " · " : null,
      h.date ? el("time", { datetime: h.date, text: fmtDate(h.date) }) : null),
    h.snippet ? el("p", { html: h.snippet }) : null,
    h.similar ? el("details", { class: "similar" },
      el("summary", { text: `${fmtNum(h.similar)} मिलती-जुलती ख़बर${h.similar > 1 ? "ें" : ""} (दूसरे स्रोत या बदलाव)` }),
      el("ul", {}, (h.similar_ids || []).map((id, i) => el("li", {},
        link("/article/" + encodeURIComponent(id), (h.similar_titles && h.similar_titles[i]) || id)))))
      : null);
}

async function renderResults(s, my) {
  document.title = (s.q || s.source) + " · ख़बर";
  if (!main().querySelector(".layout")) main().replaceChildren(el("p", { class: "loading", text: "खोज रहे हैं…" }));
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  if (s.source) p.set("source", s.source);
  if (s.since) p.set("since", s.since);
  if (s.until) p.set("until", s.until);
  p.set("limit", String(PER_PAGE));
  p.set("offset", String((s.page - 1) * PER_PAGE));
  let res;
  try {
    res = await api("/api/search?" + p.toString());
  } catch (e) {
    if (my === seq) showError(e.status === 400 ? "यह खोज समझ नहीं आई: " + e.message : "खोज नहीं हो सकी: " + e.message);
    return;
  }
  if (my !== seq) return;
  const results = el("section", { class: "results" },
    interpretation(res.interpreted),
    chips(s),
    el("p", { class: "summary", text: `${fmtNum(res.total)} ख़बरें · ${res.took_ms.toFixed(0)} ms` }),
    timeline(res.facets && res.facets.days, s),
    res.hits.length ? el("ol", { class: "hits", start: String(res.offset + 1) }, res.hits.map(hit))
                    : el("p", { class: "note", text: res.total ? "इस पन्ने पर कुछ नहीं: पहले पन्ने पर जाएँ।"
                                                               : "कोई ख़बर नहीं मिली। दूसरे शब्द आज़माएँ, या फ़िल्टर हटाएँ।" }),
    pager(res.total, s));
  main().replaceChildren(el("div", { class: "layout" }, results, facets(res, s)));
}

/* ---- the article -------------------------------------------------------- */

/* Enriched articles carry `summary` [{text}], `entities` (every mention:
   {text, type: PERSON|LOCATION|ORGANIZATION, canonical, where, section,
   paragraph, offset, end}, offsets in bytes of that paragraph) and
   `entity_names` [{name, type, mentions}]. The summary goes on top; each
   mention is marked in the text and links to a search for its entity. */
const ENTITY_KIND = { PERSON: "person", LOCATION: "place", ORGANIZATION: "org" };
const ENTITY_LABELS = { person: "लोग", place: "जगहें", org: "संगठन" };

/* A search for an entity by its canonical name, in its field. */
function entityHref(kind, name) {
  return searchUrl({ q: `${kind}:"${name.replace(/"/g, "")}"`, page: 1 });
}

function summaryText(a) {
  if (typeof a.summary === "string") return a.summary;
  /* the standfirst is shown under the box already: not twice */
  return Array.isArray(a.summary)
    ? a.summary.filter((x) => !(a.standfirst && x.where === "standfirst")).map((x) => x.text).join(" ")
    : "";
}

function entityBox(a) {
  const names = Array.isArray(a.entity_names) ? a.entity_names : [];
  const summary = summaryText(a);
  if (!names.length && !summary) return null;
  const dl = el("dl", {});
  for (const kind of Object.keys(ENTITY_LABELS)) {
    const of = names.filter((e) => ENTITY_KIND[e.type] === kind);
    if (!of.length) continue;
    const dd = el("dd", {});
    of.forEach((e, i) => dd.append(i ? ", " : "", link(entityHref(kind, e.name), e.name, { class: "ent " + kind })));
    dl.append(el("dt", { text: ENTITY_LABELS[kind] }), dd);
  }
  return el("div", { class: "entities" },
    summary ? el("p", { class: "gist" }, el("strong", { text: "सार: " }), summary) : null,
    dl.childNodes.length ? dl : null);
}

const utf8 = new TextEncoder(), fromUtf8 = new TextDecoder();

/* A paragraph's text with its entity mentions as links. */
function withEntities(text, mentions) {
  const node = el("p", {});
  const bytes = utf8.encode(text);
  let at = 0;
  for (const m of mentions) {
    const kind = ENTITY_KIND[m.type];
    if (!kind || m.offset < at || m.end > bytes.length || m.end <= m.offset) continue;
    node.append(fromUtf8.decode(bytes.subarray(at, m.offset)),
      link(entityHref(kind, m.canonical || m.text), fromUtf8.decode(bytes.subarray(m.offset, m.end)),
           { class: "ent " + kind, title: m.canonical || m.text }));
    at = m.end;
  }
  node.append(fromUtf8.decode(bytes.subarray(at)));
  return node;
}

/* The body mentions of paragraph p of section s, in text order. */
function mentionsIn(a, s, p) {
  const all = Array.isArray(a.entities) ? a.entities : [];
  return all.filter((m) => m.where === "body" && m.section === s && m.paragraph === p)
            .sort((x, y) => x.offset - y.offset);
}

function firstText(a) {
  if (a.standfirst) return a.standfirst;
  for (const sec of a.sections || []) for (const p of sec.paragraphs || []) if (p.text) return p.text;
  return "";
}

async function renderArticle(id, my) {
  main().replaceChildren(el("p", { class: "loading", text: "ख़बर खुल रही है…" }));
  let a;
  try {
    a = await api("/api/articles/" + encodeURIComponent(id));
  } catch (e) {
    if (my === seq) showError(e.status === 404 ? "यह ख़बर नहीं मिली।" : "ख़बर नहीं खुल सकी: " + e.message);
    return;
  }
  if (my !== seq) return;
  document.title = (a.title || id) + " · ख़बर";
  const fromSearch = history.state && history.state.fromSearch;
  const back = el("a", { class: "back", href: "/", text: "← खोज पर लौटें", onclick: (ev) => {
    if (fromSearch || document.referrer.startsWith(location.origin)) { ev.preventDefault(); history.back(); }
  } });
  const body = [];
  (a.sections || []).forEach((sec, si) => {
    if (sec.heading) body.push(el("h2", { text: sec.heading }));
    (sec.paragraphs || []).forEach((p, pi) => body.push(withEntities(p.text, mentionsIn(a, si, pi))));
  });
  const url = a.canonical_url || a.url;
  const meta = el("div", { class: "meta" },
    a.source ? el("span", { class: "src", text: a.source }) : null,
    a.source && a.published ? " · " : null,
    a.published ? el("time", { datetime: a.published, text: fmtDate(a.published) }) : null,
    a.author ? " · " + a.author : null);
  main().replaceChildren(el("article", { class: "story" },
    back,
    a.kicker ? el("p", { class: "kicker", text: a.kicker }) : null,
    el("h1", { text: a.title || excerpt(firstText(a)) || "(बिना शीर्षक)" }),
    meta,
    entityBox(a),
    a.standfirst ? el("p", { class: "standfirst", text: a.standfirst }) : null,
    body,
    url && /^https?:\/\//.test(url)
      ? el("p", { class: "orig" }, "मूल: ", el("a", { href: url, rel: "noopener nofollow", text: url }))
      : null));
}

/* ---- wiring -------------------------------------------------------------- */

document.addEventListener("click", (ev) => {
  const a = ev.target.closest && ev.target.closest("a[data-nav]");
  if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  const u = new URL(a.href, location.href);
  if (u.origin !== location.origin) return;
  ev.preventDefault();
  const toArticle = u.pathname.startsWith("/article/");
  if (toArticle) history.replaceState(Object.assign({}, history.state, { scrollY: window.scrollY }), "");
  history.pushState(toArticle ? { fromSearch: !location.pathname.startsWith("/article/") } : null, "",
                    u.pathname + u.search);
  render().then(() => window.scrollTo(0, 0));
});

window.addEventListener("popstate", () => {
  const y = history.state && history.state.scrollY;
  render().then(() => { if (y) window.scrollTo(0, y); });
});

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("search").addEventListener("submit", (ev) => {
    ev.preventDefault();
    /* a new query starts without the last one's filters */
    go(searchUrl({ q: qbox().value.trim(), page: 1 }));
  });
  render();
});
