// The geokg explorer: search, an entity's neighbourhood graph with filters, a monthly timeline, dyads, evidence.
// Plain JavaScript over the JSON API of the same server; the graph is drawn by the vendored cytoscape.
"use strict";

const TYPE_COLOURS = {
  PERSON: "#3a6fd8", COUNTRY: "#2e9b5a", ORGANIZATION: "#e07b24", GROUP: "#c23b3b", LOCATION: "#8a5cc7",
  AGREEMENT: "#7a6a58",
};
const QUAD_CLASSES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"};
const QUAD_COLOURS = {1: "#5b9bd5", 2: "#2e9b5a", 3: "#e0a124", 4: "#c23b3b"};
const explorer = (window.explorer = {cy: null, relations: [], state: "idle"});

// -- helpers ----------------------------------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

async function api(path, params = {}) {
  const url = new URL(path, location.origin);
  for (const [key, value] of Object.entries(params)) {
    if (value !== "" && value !== null && value !== undefined && value !== false) url.searchParams.set(key, value);
  }
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) throw new Error(body.detail || `${response.status} ${response.statusText}`);
  return body;
}

function entityHref(id) { return `#/entity/${encodeURIComponent(id)}`; }

function goldstein(value) { return value === null || value === undefined ? "n/a" : (value > 0 ? "+" : "") + value; }

function view(...children) {
  const main = document.getElementById("view");
  main.replaceChildren(...children);
  return main;
}

function failure(error) { return el("p", {class: "error", role: "alert"}, String(error.message || error)); }

// -- search with suggestions ------------------------------------------------------------------------------------

function setUpSearch() {
  const input = document.getElementById("search");
  const list = document.getElementById("suggestions");
  let timer = null, active = -1, hits = [];

  const close = () => { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; };
  const open = (hit) => { close(); input.value = ""; location.hash = entityHref(hit.entity.id); };
  const mark = () => list.querySelectorAll("li").forEach((li, i) => li.setAttribute("aria-selected", i === active));

  async function suggest() {
    const q = input.value.trim();
    if (!q) return close();
    try {
      hits = (await api("/entities", {q, limit: 8})).items;
    } catch (error) {
      hits = [];
    }
    if (input.value.trim() !== q) return;  // a newer keystroke is on its way
    list.replaceChildren(...(hits.length ? hits.map((hit) => el("li", {role: "option", "aria-selected": "false",
        onmousedown: (e) => { e.preventDefault(); open(hit); }}, hit.entity.name, el("span", {class: "type"},
        hit.entity.type))) : [el("li", {role: "option", "aria-disabled": "true"}, `Nothing matches “${q}”`)]));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(suggest, 150); });
  input.addEventListener("blur", () => setTimeout(close, 100));
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      active = Math.max(0, Math.min(hits.length - 1, active + (e.key === "ArrowDown" ? 1 : -1)));
      mark();
      e.preventDefault();
    } else if (e.key === "Enter" && hits.length) {
      open(hits[Math.max(active, 0)]);
    } else if (e.key === "Escape") {
      close();
    }
  });
}

// -- home: entities by degree -----------------------------------------------------------------------------------

async function showHome(params) {
  const type = params.get("type") || "";
  const select = el("select", {id: "type-filter", onchange: (e) => { location.hash = `#/?type=${e.target.value}`; }},
    el("option", {value: ""}, "all types"),
    Object.keys(TYPE_COLOURS).map((t) => el("option", {value: t, selected: t === type}, t.toLowerCase())));
  const body = el("tbody");
  view(el("h1", {}, "Entities by degree"), el("form", {class: "filters"}, el("label", {}, "Type", select)),
    el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "Name"), el("th", {}, "Type"),
      el("th", {}, "Relations"))), body));
  try {
    const page = await api("/entities", {type, limit: 100});
    body.replaceChildren(...page.items.map((hit) => el("tr", {},
      el("td", {}, el("a", {href: entityHref(hit.entity.id)}, hit.entity.name)),
      el("td", {}, hit.entity.type.toLowerCase()), el("td", {}, hit.degree))));
  } catch (error) {
    body.replaceChildren(el("tr", {}, el("td", {colspan: 3}, failure(error))));
  }
}

// -- entity page ------------------------------------------------------------------------------------------------

function filterForm(onChange) {
  const field = (label, input) => el("label", {}, label, input);
  const form = el("form", {class: "filters", "aria-label": "Filters", onsubmit: (e) => e.preventDefault()},
    field("Event type", el("input", {name: "event", placeholder: "CONSULT or 04", size: 12})),
    field("Quad class", el("select", {name: "quad_class"}, el("option", {value: ""}, "any"),
      Object.entries(QUAD_CLASSES).map(([q, name]) => el("option", {value: q}, `${q} ${name}`)))),
    field("Since", el("input", {name: "since", type: "date"})),
    field("Until", el("input", {name: "until", type: "date"})),
    field("Min confidence", el("input", {name: "min_confidence", type: "number", min: 0, max: 1, step: 0.05})),
    field("Roll up to countries", el("input", {name: "rollup", type: "checkbox", value: "country"})));
  form.addEventListener("change", onChange);
  return form;
}

function formValues(form) {
  const data = new FormData(form);
  const values = Object.fromEntries([...data.entries()].filter(([, v]) => v !== ""));
  if (values.event) values.event = values.event.trim();
  return values;
}

async function showEntity(id) {
  let detail;
  try {
    detail = await api(`/entities/${encodeURIComponent(id)}`);
  } catch (error) {
    return view(failure(error));
  }
  const status = el("p", {class: "small", id: "graph-status"}, "Loading the graph…");
  const graph = el("div", {id: "graph", "data-state": "loading", role: "img",
                           "aria-label": `Neighbourhood graph of ${detail.name}`});
  const evidence = el("section", {class: "panel", id: "evidence", "aria-label": "Evidence"},
    el("h2", {}, "Evidence"), el("p", {class: "small"}, "Click an edge (or a row below) to read its sentences."));
  const relations = el("section", {class: "panel", "aria-label": "Relations"}, el("h2", {}, "Relations"));
  const timeline = el("section", {class: "panel", id: "timeline", "aria-label": "Timeline"},
    el("h2", {}, "Events per month"));
  const counterparts = detail.top_counterparts.map((c) => el("li", {},
    el("a", {href: entityHref(c.entity.id)}, c.entity.name), ` (${c.evidence_count}) · `,
    el("a", {href: `#/dyad?a=${encodeURIComponent(detail.id)}&b=${encodeURIComponent(c.entity.id)}`}, "dyad")));
  const form = filterForm(() => loadEntity(detail, formValues(form), {graph, status, evidence, relations, timeline}));
  view(el("h1", {}, detail.name),
    el("p", {class: "meta"}, detail.type.toLowerCase(), detail.aliases.length ? ` · also ${detail.aliases.join(", ")}`
      : "", detail.roles.length ? ` · ${detail.roles.join(", ")}` : "", ` · ${detail.degree} relations`,
      detail.first_seen ? ` · seen ${detail.first_seen} to ${detail.last_seen}` : ""),
    form,
    el("div", {class: "layout"},
      el("div", {}, graph, status, legend(), timeline, relations),
      el("div", {}, evidence, el("section", {class: "panel", "aria-label": "Top counterparts"},
        el("h2", {}, "Top counterparts"), el("ul", {}, counterparts)))));
  await loadEntity(detail, {}, {graph, status, evidence, relations, timeline});
}

function legend() {
  return el("p", {class: "legend"}, Object.entries(TYPE_COLOURS).map(([type, colour]) =>
    el("span", {}, el("i", {style: `background:${colour}`}), type.toLowerCase())));
}

async function loadEntity(detail, filters, parts) {
  parts.graph.dataset.state = "loading";
  try {
    const page = await api(`/entities/${encodeURIComponent(detail.id)}/relations`, {...filters, limit: 200});
    explorer.relations = page.items;
    await drawGraph(detail, page.items, parts);
    listRelations(page, parts);
    parts.status.textContent = `${page.items.length} of ${page.total} relations shown`;
  } catch (error) {
    parts.status.replaceChildren(failure(error));
  }
  parts.graph.dataset.state = "ready";
  const points = await api("/timeline", {entity: detail.id, bucket: "month", rollup: filters.rollup});
  drawBars(parts.timeline, points.points.map((p) => ({label: p.period.slice(0, 7), events: p.count,
    mean: p.goldstein_mean, quads: p.by_quad_class})));
}

async function degrees(ids) {
  const found = await Promise.all(ids.map((id) => api(`/entities/${encodeURIComponent(id)}`)
    .then((d) => [id, d.degree]).catch(() => [id, 1])));
  return Object.fromEntries(found);
}

async function drawGraph(detail, relations, parts) {
  const nodes = new Map([[detail.id, {id: detail.id, name: detail.name, type: detail.type}]]);
  for (const r of relations) for (const end of [r.subject, r.object]) nodes.set(end.id, end);
  const degree = await degrees([...nodes.keys()]);
  const most = Math.max(1, ...Object.values(degree));
  const elements = [
    ...[...nodes.values()].map((n) => ({data: {id: n.id, label: n.name, type: n.type, degree: degree[n.id] || 1,
      size: 24 + 40 * Math.sqrt((degree[n.id] || 1) / most), center: n.id === detail.id ? 1 : 0}})),
    ...relations.map((r) => ({data: {id: r.id, source: r.subject.id, target: r.object.id, label: r.type,
      quad: r.event ? r.event.quad_class : 0, width: Math.min(8, 1 + r.evidence_count)}})),
  ];
  if (explorer.cy) explorer.cy.destroy();
  explorer.cy = cytoscape({
    container: parts.graph, elements, wheelSensitivity: 0.3,
    layout: {name: "concentric", concentric: (n) => n.data("center") * 10 + 1, levelWidth: () => 1,
             animate: false, padding: 30, minNodeSpacing: 40},
    style: [
      {selector: "node", style: {"background-color": (n) => TYPE_COLOURS[n.data("type")] || "#999",
        width: "data(size)", height: "data(size)", label: "data(label)", "font-size": 11, "text-valign": "bottom",
        "text-margin-y": 3}},
      {selector: "edge", style: {width: "data(width)", "curve-style": "bezier", "target-arrow-shape": "triangle",
        "line-color": (e) => QUAD_COLOURS[e.data("quad")] || "#aab", "target-arrow-color":
        (e) => QUAD_COLOURS[e.data("quad")] || "#aab", label: "data(label)", "font-size": 9,
        "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.8}},
      {selector: ":selected", style: {"overlay-color": "#2458b3", "overlay-opacity": 0.25}},
    ],
  });
  explorer.cy.on("tap", "edge", (e) => showEvidence(relations.find((r) => r.id === e.target.id()), parts.evidence));
  explorer.cy.on("tap", "node", (e) => { if (!e.target.data("center")) location.hash = entityHref(e.target.id()); });
}

function listRelations(page, parts) {
  const rows = page.items.map((r) => el("tr", {class: "clickable", tabindex: 0,
    onclick: () => showEvidence(r, parts.evidence), onkeydown: (e) => e.key === "Enter" && showEvidence(r, parts.evidence)},
  el("td", {}, r.subject.name), el("td", {}, r.type), el("td", {}, r.object.name),
  el("td", {}, r.event ? `${r.event.plover} (${r.event.cameo})` : ""), el("td", {}, r.evidence_count)));
  parts.relations.replaceChildren(el("h2", {}, "Relations"), el("table", {}, el("thead", {}, el("tr", {},
    ["Subject", "Relation", "Object", "Event", "Evidence"].map((h) => el("th", {}, h)))), el("tbody", {}, rows)));
}

async function showEvidence(relation, panel) {
  if (!relation) return;
  panel.replaceChildren(el("h2", {}, `${relation.subject.name} ${relation.type} ${relation.object.name}`),
    el("p", {class: "small"}, "Loading…"));
  const ids = relation.parts && relation.parts.length ? relation.parts : [relation.id];
  try {
    const pages = await Promise.all(ids.map((id) => api(`/relations/${id}/evidence`, {limit: 50})));
    const items = pages.flatMap((p) => p.items);
    panel.replaceChildren(el("h2", {}, `${relation.subject.name} ${relation.type} ${relation.object.name}`),
      el("ul", {class: "evidence"}, items.map(evidenceItem)));
  } catch (error) {
    panel.replaceChildren(el("h2", {}, "Evidence"), failure(error));
  }
}

function evidenceItem(ev) {
  const title = ev.article.title || ev.article.id;
  return el("li", {}, el("blockquote", {}, ev.text),
    el("cite", {}, ev.article.url ? el("a", {href: ev.article.url, rel: "noopener"}, title) : title,
      ` · ${ev.date || ev.article.published || "undated"}`, ev.event ? ` · ${ev.event.label || ev.event.plover}` +
      ` (Goldstein ${goldstein(ev.event.goldstein)})` : "", ` · confidence ${ev.confidence}`));
}

function drawBars(panel, points) {
  const heading = panel.querySelector("h2");
  if (!points.length) return panel.replaceChildren(heading, el("p", {class: "small"}, "No dated events."));
  const most = Math.max(...points.map((p) => p.events));
  panel.replaceChildren(heading, el("div", {class: "bars"}, points.map((p) => {
    const tone = p.mean === null ? "#aab" : p.mean < 0 ? "#c23b3b" : "#2e9b5a";
    const text = `${p.label}: ${p.events} events, mean Goldstein ${goldstein(p.mean)}`;
    return el("div", {class: "bar", title: text, "aria-label": text, role: "img"}, el("span", {}, p.events),
      el("div", {class: "fill", style: `height:${Math.round(100 * p.events / most)}px;background:${tone}`}),
      el("span", {}, p.label), el("span", {class: "small"}, `G ${goldstein(p.mean)}`));
  })));
}

// -- dyads ------------------------------------------------------------------------------------------------------

async function showDyad(params) {
  const a = el("input", {name: "a", value: params.get("a") || "", "aria-label": "First actor", required: true});
  const b = el("input", {name: "b", value: params.get("b") || "", "aria-label": "Second actor", required: true});
  const rollup = el("input", {name: "rollup", type: "checkbox", value: "country",
                              checked: params.get("rollup") === "country"});
  const out = el("div");
  const form = el("form", {class: "filters", onsubmit: (e) => {
    e.preventDefault();
    const query = new URLSearchParams({a: a.value, b: b.value});
    if (rollup.checked) query.set("rollup", "country");
    location.hash = `#/dyad?${query}`;
  }}, el("label", {}, "Actor", a), el("label", {}, "and", b), el("label", {}, "Roll up to countries", rollup),
  el("button", {type: "submit"}, "Show"));
  view(el("h1", {}, "Dyad"), form, out);
  if (!a.value || !b.value) return;
  try {
    const dyad = await api("/dyads", {a: a.value, b: b.value, rollup: rollup.checked ? "country" : "", limit: 200});
    const months = el("section", {class: "panel", "aria-label": "Months"}, el("h2", {}, "Events per month"));
    drawBars(months, dyad.months.map((m) => ({label: m.month, events: m.events, mean: m.goldstein_mean})));
    out.replaceChildren(el("h2", {}, el("a", {href: entityHref(dyad.a.id)}, dyad.a.name), " and ",
      el("a", {href: entityHref(dyad.b.id)}, dyad.b.name), ` · ${dyad.events.total} events`), months,
    el("section", {class: "panel", "aria-label": "Events"}, el("h2", {}, "Events"),
      el("ul", {class: "evidence"}, dyad.events.items.map(evidenceItem))));
  } catch (error) {
    out.replaceChildren(failure(error));
  }
}

// -- routing ----------------------------------------------------------------------------------------------------

function route() {
  const [path, query] = location.hash.replace(/^#/, "").split("?");
  const params = new URLSearchParams(query || "");
  if (path.startsWith("/entity/")) return showEntity(decodeURIComponent(path.slice("/entity/".length)));
  if (path === "/dyad") return showDyad(params);
  return showHome(params);
}

setUpSearch();
window.addEventListener("hashchange", route);
route();
