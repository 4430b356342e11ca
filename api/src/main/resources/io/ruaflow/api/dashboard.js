"use strict";
// The ruaflow dashboard: plain DOM and inline SVG over the JSON API, nothing loaded from elsewhere.
// State lives in the URL fragment (#domain=…&from=…&to=…[&source=IP|&report=UID]) so every view can be bookmarked.

const $ = id => document.getElementById(id);
/** Days shown when the last days hold data: the range ending today. */
const DEFAULT_DAYS = 30;
/** The longest range the API answers (DateRange.MAX_DAYS). */
const MAX_DAYS = 366;
/** Source rows asked for at once; the note says when the list is cut. */
const SOURCE_ROWS = 200;
/** Reports listed for a domain, newest first. */
const REPORT_ROWS = 50;
const BASE_CLASSES = ["aligned", "forwarded", "misconfigured", "unauthorized"];

const token = () => sessionStorage.getItem("ruaflow.token");
function headers() { return token() ? { Authorization: "Bearer " + token() } : {}; }

async function api(path, init) {
  const response = await fetch(path, Object.assign({ headers: headers() }, init || {}));
  if (response.status === 401) { $("auth").hidden = false; throw new Error("this server needs a bearer token"); }
  const body = await response.json();
  if (!response.ok && !(init && init.acceptError)) throw new Error(body.error || response.statusText);
  return body;
}

// ---- Unicode domain names (RFC 3492 punycode, decoding only) ----
function punycodeDecode(input) {
  const base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700;
  const adapt = (delta, points, first) => {
    delta = first ? Math.floor(delta / damp) : delta >> 1;
    delta += Math.floor(delta / points);
    let k = 0;
    for (; delta > ((base - tMin) * tMax) >> 1; k += base) delta = Math.floor(delta / (base - tMin));
    return Math.floor(k + (base - tMin + 1) * delta / (delta + skew));
  };
  const digitOf = c => c >= 48 && c <= 57 ? c - 22 : c >= 65 && c <= 90 ? c - 65 : c >= 97 && c <= 122 ? c - 97 : base;
  const out = [];
  const basic = Math.max(input.lastIndexOf("-"), 0);
  for (let j = 0; j < basic; j++) out.push(input.charCodeAt(j));
  let n = 128, i = 0, bias = 72;
  for (let idx = basic > 0 ? basic + 1 : 0; idx < input.length;) {
    const oldi = i;
    for (let w = 1, k = base; ; k += base) {
      if (idx >= input.length) throw new Error("truncated punycode");
      const digit = digitOf(input.charCodeAt(idx++));
      if (digit >= base) throw new Error("bad punycode digit");
      i += digit * w;
      const t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
      if (digit < t) break;
      w *= base - t;
    }
    bias = adapt(i - oldi, out.length + 1, oldi === 0);
    n += Math.floor(i / (out.length + 1));
    i %= out.length + 1;
    out.splice(i++, 0, n);
  }
  return String.fromCodePoint(...out);
}
/** A domain (or address) for people: xn-- labels shown in Unicode, anything undecodable as it came. */
function showDomain(name) {
  if (name == null) return "";
  return String(name).split(".").map(label => {
    if (!/^xn--/i.test(label)) return label;
    try { return punycodeDecode(label.slice(4).toLowerCase()); } catch (e) { return label; }
  }).join(".");
}

// ---- small DOM helpers ----
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === "text") e.textContent = String(v); else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c != null) e.append(c instanceof Node ? c : String(c));
  return e;
}
function cell(row, content, cls) {
  const td = row.insertCell();
  if (content instanceof Node) td.append(content); else td.textContent = content == null ? "" : String(content);
  if (cls) td.className = cls;
  return td;
}
const fmt = n => Number(n).toLocaleString("en-US");
const pct = (part, whole) => whole > 0 ? (100 * part / whole).toFixed(1) + "%" : "–";
const day = instant => String(instant).slice(0, 10);
/** The last day a period covers: its end is exclusive when it falls on midnight (a day's report ends at 00:00:00). */
const lastDay = instant => new Date(new Date(instant).getTime() - 1000).toISOString().slice(0, 10);
function badge(classification) {
  return classification ? el("span", { class: "badge " + classification, text: classification }) : "";
}
function fail(e) { $("status").textContent = e.message; }
function note(id, text) { $(id).textContent = text || ""; }

// ---- dates ----
const iso = d => d.toISOString().slice(0, 10);
function addDays(text, days) { const d = new Date(text + "T00:00:00Z"); d.setUTCDate(d.getUTCDate() + days); return iso(d); }
function daysBetween(a, b) { return Math.round((new Date(b + "T00:00:00Z") - new Date(a + "T00:00:00Z")) / 86400000) + 1; }
/** The server's today (UTC), from /api/span: the page's ranges end where the API's defaults do. */
let serverToday = null;
const today = () => serverToday || iso(new Date());
/** The Monday of the ISO week holding a day. */
function mondayOf(text) { const d = new Date(text + "T00:00:00Z"); return addDays(text, -((d.getUTCDay() + 6) % 7)); }
/** The ISO week (like 2026-W46) holding a day: the week of its Thursday. */
function weekOf(text) {
  const thursday = addDays(mondayOf(text), 3), year = thursday.slice(0, 4);
  return year + "-W" + String(Math.floor((daysBetween(year + "-01-01", thursday) - 1) / 7) + 1).padStart(2, "0");
}

// ---- state in the fragment ----
function readState() { return Object.fromEntries(new URLSearchParams(location.hash.slice(1))); }
function writeState(changes) {
  const state = Object.assign(readState(), changes);
  for (const k of Object.keys(state)) if (state[k] == null || state[k] === "") delete state[k];
  const hash = "#" + new URLSearchParams(state).toString();
  if (hash !== location.hash) location.hash = hash; else render().catch(fail);
}
function rangeQuery(state) { return "from=" + state.from + "&to=" + state.to; }
const enc = encodeURIComponent;

/** The range to show when the fragment names none: the last 30 days, or where the data is when those are empty. */
async function defaultRange() {
  const span = await api("/api/span");
  const to = today(), from = addDays(to, 1 - DEFAULT_DAYS);
  if (span.last == null || span.last >= from) return { from, to, note: "" };
  const first = span.first > addDays(span.last, 1 - MAX_DAYS) ? span.first : addDays(span.last, 1 - MAX_DAYS);
  return { from: first, to: span.last,
    note: "No reports in the last " + DEFAULT_DAYS + " days: showing " + first + " to " + span.last + ", where the data is." };
}

// ---- charts ----
const SVG = "http://www.w3.org/2000/svg";
function svgEl(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text != null) e.textContent = text;
  return e;
}
const W = 560, H = 200, PAD = { l: 46, r: 8, t: 8, b: 22 };
function axes(svg, days, maxLabel, ticks) {
  const plotH = H - PAD.t - PAD.b;
  ticks.forEach((t, i) => {
    const y = PAD.t + plotH - plotH * i / (ticks.length - 1);
    svg.append(svgEl("line", { class: "axis", x1: PAD.l, x2: W - PAD.r, y1: y, y2: y }));
    svg.append(svgEl("text", { x: PAD.l - 4, y: y + 4, "text-anchor": "end" }, t));
  });
  const last = days.length - 1, plotW = W - PAD.l - PAD.r;
  for (const i of last > 1 ? [0, Math.floor(last / 2), last] : [...days.keys()]) {
    const x = PAD.l + plotW * (i + 0.5) / days.length;
    svg.append(svgEl("text", { x, y: H - 6, "text-anchor": i === 0 && last > 0 ? "start" : i === last && last > 0 ? "end" : "middle" },
      days[i].day.slice(5)));
  }
}
/** Stacked bars per day; {@code words} names what is counted (DMARC messages unless told otherwise). */
function volumeChart(days, words) {
  const say = words || { label: "DMARC pass and fail messages per day", unit: "messages", pass: "pass", fail: "fail" };
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": say.label });
  const max = Math.max(1, ...days.map(d => d.messages));
  const plotW = W - PAD.l - PAD.r, plotH = H - PAD.t - PAD.b, bw = plotW / days.length;
  axes(svg, days, max, [0, Math.round(max / 2), max].map(fmt));
  days.forEach((d, i) => {
    const x = PAD.l + i * bw + bw * 0.1, w = Math.max(bw * 0.8, 0.5);
    const hp = plotH * d.dmarc_pass / max, hf = plotH * d.dmarc_fail / max;
    const g = svgEl("g", {});
    g.append(svgEl("title", {}, `${d.day}: ${fmt(d.messages)} ${say.unit}, ${fmt(d.dmarc_pass)} ${say.pass}, ${fmt(d.dmarc_fail)} ${say.fail}`));
    g.append(svgEl("rect", { class: "pass", x, width: w, y: PAD.t + plotH - hp, height: hp }));
    g.append(svgEl("rect", { class: "fail", x, width: w, y: PAD.t + plotH - hp - hf, height: hf }));
    svg.append(g);
  });
  return svg;
}
function shareChart(days) {
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Share of messages aligned by SPF and by DKIM per day" });
  const plotW = W - PAD.l - PAD.r, plotH = H - PAD.t - PAD.b;
  axes(svg, days, 100, ["0%", "50%", "100%"]);
  for (const key of ["spf", "dkim"]) {
    const points = [];
    days.forEach((d, i) => {
      if (d.messages === 0) return;
      const x = PAD.l + plotW * (i + 0.5) / days.length, y = PAD.t + plotH * (1 - d[key + "_aligned"] / d.messages);
      points.push(x.toFixed(1) + "," + y.toFixed(1));
      const dot = svgEl("circle", { class: key, cx: x.toFixed(1), cy: y.toFixed(1), r: days.length > 60 ? 1.5 : 2.5 });
      dot.append(svgEl("title", {}, `${d.day}: ${key.toUpperCase()} aligned ${pct(d[key + "_aligned"], d.messages)}`));
      svg.append(dot);
    });
    svg.insertBefore(svgEl("polyline", { class: key, points: points.join(" ") }), svg.firstChild.nextSibling);
  }
  return svg;
}

// ---- the overview ----
async function loadDomains(state) {
  const domains = await api("/api/domains?" + rangeQuery(state));
  const select = $("domain");
  select.replaceChildren();
  const names = domains.map(d => d.domain);
  if (state.domain && !names.includes(state.domain)) names.push(state.domain);
  for (const name of names) {
    const d = domains.find(x => x.domain === name);
    select.append(el("option", { value: name, text: showDomain(name) + (d ? " (" + fmt(d.messages) + ")" : " (no messages)") }));
  }
  return names;
}

async function renderOverview(state) {
  const d = enc(state.domain), range = rangeQuery(state);
  $("domain").value = state.domain;
  const [summary, days] = await Promise.all([
    api(`/api/domains/${d}/summary?${range}`), api(`/api/domains/${d}/timeseries?${range}`)]);
  $("tMessages").textContent = fmt(summary.messages);
  $("tPass").textContent = pct(summary.dmarc_pass, summary.messages);
  $("tSpf").textContent = pct(summary.spf_aligned, summary.messages);
  $("tDkim").textContent = pct(summary.dkim_aligned, summary.messages);
  $("tReports").textContent = fmt(summary.reports);
  $("volumeChart").replaceChildren(volumeChart(days));
  $("shareChart").replaceChildren(shareChart(days));
  const weekly = $("weekly"); weekly.replaceChildren();
  const week = weekOf(state.to < mondayOf(today()) ? state.to : addDays(mondayOf(today()), -1));
  weekly.append(el("a", { href: `/api/domains/${d}/weekly?week=${week}&format=html`, text: `Weekly report of ${showDomain(state.domain)}, ${week}` }));

  const reporter = $("reporter"), chosen = reporter.value;
  reporter.replaceChildren(el("option", { value: "", text: "all" }));
  for (const r of summary.reporters) reporter.append(el("option", { value: r.org_name, text: r.org_name }));
  reporter.value = summary.reporters.some(r => r.org_name === chosen) ? chosen : "";

  const all = await api(`/api/domains/${d}/sources?${range}&limit=1000`);
  fillOptions($("class"), [...new Set(BASE_CLASSES.concat(all.map(s => s.classification).filter(Boolean)))]);
  fillOptions($("service"), [...new Set(all.map(s => s.service).filter(Boolean))].sort());
  await Promise.all([renderSources(state), renderReports(state)]);
}

function fillOptions(select, values) {
  const chosen = select.value;
  select.replaceChildren(el("option", { value: "", text: "all" }));
  for (const v of values) select.append(el("option", { value: v, text: v }));
  select.value = values.includes(chosen) ? chosen : "";
}

function sourceFilterQuery() {
  const q = new URLSearchParams();
  for (const id of ["q", "class", "reporter", "service"]) if ($(id).value.trim()) q.set(id, $(id).value.trim());
  if ($("sort").value !== "volume") q.set("sort", $("sort").value);
  if ($("failing").checked) q.set("failing", "true");
  return q.toString();
}

let sourcesAsked = 0;
async function renderSources(state) {
  const asked = ++sourcesAsked;
  const filters = sourceFilterQuery();
  const rows = await api(`/api/domains/${enc(state.domain)}/sources?${rangeQuery(state)}&limit=${SOURCE_ROWS}` + (filters ? "&" + filters : ""));
  if (asked !== sourcesAsked) return; // a newer filter answered first
  const body = $("sources").tBodies[0];
  body.replaceChildren();
  for (const s of rows) {
    const r = body.insertRow();
    r.dataset.ip = s.source_ip;
    const who = [showDomain(s.ptr_name), s.service].filter(Boolean).join(" · ");
    const link = el("a", { href: "#" + new URLSearchParams({ domain: state.domain, from: state.from, to: state.to, source: s.source_ip }), text: s.source_ip });
    cell(r, el("span", {}, link, who ? el("div", { class: "narrow muted", text: who }) : null), "ip");
    cell(r, who, "wide");
    cell(r, fmt(s.messages), "n");
    cell(r, fmt(s.dmarc_fail), "n");
    cell(r, pct(s.spf_aligned, s.messages), "n wide");
    cell(r, pct(s.dkim_aligned, s.messages), "n wide");
    cell(r, badge(s.classification));
    cell(r, s.fresh_spf_result, "wide");
  }
  if (rows.length === 0) {
    const td = cell(body.insertRow(), filters ? "No source matches these filters in this range." : "No sources in this range.");
    td.colSpan = 8;
  }
  note("sourcesNote", rows.length === SOURCE_ROWS ? `Showing the first ${SOURCE_ROWS} sources; narrow the filters to see others.` : rows.length + (rows.length === 1 ? " source" : " sources"));
}

async function renderReports(state) {
  const reports = await api(`/api/reports?domain=${enc(state.domain)}&limit=${REPORT_ROWS}`);
  const body = $("reports").tBodies[0];
  body.replaceChildren();
  for (const rep of reports) {
    const r = body.insertRow();
    cell(r, rep.org_name);
    cell(r, day(rep.begin) + (lastDay(rep.end) > day(rep.begin) ? " → " + lastDay(rep.end) : ""));
    cell(r, fmt(rep.records), "n wide");
    cell(r, fmt(rep.messages), "n");
    if (rep.warnings.length === 0) cell(r, "–", "muted");
    else {
      const details = el("details", {}, el("summary", { text: rep.warnings.length + (rep.warnings.length === 1 ? " warning" : " warnings") }));
      const list = el("ul", {});
      for (const w of rep.warnings) list.append(el("li", { text: w }));
      details.append(list);
      cell(r, details);
    }
    cell(r, el("a", { href: "#" + new URLSearchParams({ domain: state.domain, from: state.from, to: state.to, report: rep.report_uid }), text: "parsed", title: "the report as ruaflow parsed it" }));
  }
  if (reports.length === 0) cell(body.insertRow(), "No reports for this domain.").colSpan = 6;
}

// ---- one report, as parsed ----
function valueText(v) {
  if (v == null) return "";
  if (Array.isArray(v)) return v.map(valueText).join(", ");
  if (typeof v === "object") return Object.entries(v).map(([k, x]) => k + ": " + valueText(x)).join("; ");
  return String(v);
}
async function renderReport(state) {
  const view = $("reportView");
  const report = await api("/api/reports/" + enc(state.report));
  const facts = el("dl", { class: "facts", id: "reportFacts" });
  for (const [k, v] of Object.entries(report)) {
    if (k === "page") continue;
    facts.append(el("dt", { text: k }), el("dd", { text: k === "policy_domain" ? showDomain(v) : valueText(v) }));
  }
  view.replaceChildren(backLink(state), el("h2", { text: `Report ${report.report_id} from ${report.org_name}` }), facts);
  if (!report.page) return;
  const table = recordsTable(report.page.records);
  view.append(el("h3", { text: "Records" }), table);
  let next = report.page.next;
  const more = el("button", { type: "button", text: "More records" });
  more.hidden = !next;
  more.addEventListener("click", () => tracked(async () => {
    const page = (await api(next)).page;
    const rows = recordsTable(page.records).querySelector("tbody").rows;
    table.querySelector("tbody").append(...rows);
    next = page.next;
    more.hidden = !next;
  }).catch(fail));
  view.append(more);
}
function backLink(state) {
  return el("p", {}, el("a", { href: "#" + new URLSearchParams({ domain: state.domain, from: state.from, to: state.to }), text: "← back to " + showDomain(state.domain) }));
}

// ---- one source ----
let described = null;
/** Whether this server's API description (/openapi.json) lists a path: the page uses what the server offers. */
async function serverHas(path) {
  if (described == null) described = await api("/openapi.json");
  return Object.prototype.hasOwnProperty.call(described.paths || {}, path);
}
const KEY_WORDS = { found: "key found", missing: "key missing", revoked: "key revoked (empty p=)", invalid: "key record invalid",
  no_selector: "no selector reported", temperror: "DNS did not answer" };
function keyText(k) {
  let text = KEY_WORDS[k.status] || k.status;
  if (k.status === "found" && k.key_type) text += ` (${k.key_type}${k.key_bits ? " " + k.key_bits + " bits" : ""})`;
  if (k.testing) text += ", testing mode (t=y)";
  return text;
}
function breakdownTable(title, rows, shown) {
  const table = el("table", {}, el("thead", {}, el("tr", {}, el("th", { text: title }), el("th", { class: "n", text: "Messages" }),
    el("th", { class: "n", text: "DMARC fail" }), el("th", { class: "wide", text: "First day" }), el("th", { class: "wide", text: "Last day" }))));
  const body = table.createTBody();
  for (const b of rows) {
    const r = body.insertRow();
    cell(r, shown ? shown(b.value) : b.value); cell(r, fmt(b.messages), "n"); cell(r, fmt(b.dmarc_fail), "n");
    cell(r, b.first_day, "wide"); cell(r, b.last_day, "wide");
  }
  if (rows.length === 0) cell(body.insertRow(), "none").colSpan = 5;
  return el("div", { class: "scroll" }, table);
}
/** "example.com s1 pass": the domain part shown in Unicode. */
const showFirstWord = value => { const parts = String(value).split(" "); parts[0] = showDomain(parts[0]); return parts.join(" "); };
function recordsTable(records) {
  const table = el("table", {}, el("thead", {}, el("tr", {}, ...["Reporter", "Period (UTC)", "Messages", "Disposition",
    "header_from", "envelope_from", "DKIM", "SPF"].map((h, i) => el("th", { class: i === 2 ? "n" : null, text: h })))));
  const body = table.createTBody();
  for (const rec of records) {
    // A StoredRecord: where it came from at the top, the record as reported in .record (its count is .count).
    const x = rec.record || {};
    const r = body.insertRow();
    cell(r, rec.org_name);
    cell(r, day(rec.begin) + (lastDay(rec.end) > day(rec.begin) ? " → " + lastDay(rec.end) : ""));
    cell(r, fmt(x.count), "n");
    cell(r, x.disposition);
    cell(r, showDomain(x.header_from));
    cell(r, showDomain(x.envelope_from));
    cell(r, (x.dkim_results || []).map(d => `${showDomain(d.domain)} ${d.selector || "(no selector)"} ${d.result}`).join("; "));
    cell(r, (x.spf_results || []).map(v => `${showDomain(v.domain)} ${v.result}`).join("; "));
  }
  return el("div", { class: "scroll" }, table);
}
/** What decided relaxed alignment for these records: the RFC 9989 tree walk, the Public Suffix List, or both. */
function orgDomainMethods(records) {
  const words = { treewalk: "the RFC 9989 DNS tree walk", psl: "the Public Suffix List" };
  const seen = [...new Set(records.map(r => (r.enrichment || r).org_domain_method).filter(m => m))];
  return seen.length ? seen.map(m => words[m] || m).join(" and ") : null;
}
async function renderSource(state) {
  const view = $("sourceView");
  if (!(await serverHas("/api/domains/{domain}/sources/{ip}"))) return renderSourceRow(state);
  const detail = await api(`/api/domains/${enc(state.domain)}/sources/${enc(state.source)}?${rangeQuery(state)}`);
  const s = detail.source;
  view.replaceChildren(backLink(state), el("h2", { text: `Source ${detail.source_ip} sending as ${showDomain(detail.domain)}` }),
    el("p", { class: "muted", text: `${state.from} to ${state.to}` }));
  const facts = el("dl", { class: "facts", id: "sourceFacts" });
  const add = (k, v) => facts.append(el("dt", { text: k }), el("dd", {}, v == null || v === "" ? "–" : v));
  add("Messages", `${fmt(s.messages)}, DMARC fail ${fmt(s.dmarc_fail)}, SPF aligned ${pct(s.spf_aligned, s.messages)}, DKIM aligned ${pct(s.dkim_aligned, s.messages)}`);
  add("Org. domain by", orgDomainMethods(detail.records || []));
  add("Class", badge(s.classification));
  add("PTR", s.ptr_name ? showDomain(s.ptr_name) + (s.ptr_confirmed === true ? " (forward-confirmed)" : s.ptr_confirmed === false ? " (not forward-confirmed)" : "") : null);
  add("Service", s.service ? s.service + (detail.service_type ? " (" + detail.service_type + ")" : "") : null);
  add("Fresh SPF", s.fresh_spf_result ? s.fresh_spf_result + (s.fresh_spf_mechanism ? ", decided by " + s.fresh_spf_mechanism : "")
    + (detail.checked_at ? ", checked " + day(detail.checked_at) : "") : "not checked");
  const keys = detail.dkim_keys || [];
  const keyList = el("ul", { id: "dkimKeys" });
  for (const k of keys) keyList.append(el("li", { text: `selector ${k.selector || "(none)"} for ${showDomain(k.domain)}: ${keyText(k)}` }));
  add("DKIM keys", keys.length ? keyList : "no DKIM signature reported");
  add("First seen", s.first_seen);
  if (s.differs_from_reporter > 0) add("Verdict", `${fmt(s.differs_from_reporter)} messages where ruaflow's DMARC verdict differs from the reporter's`);
  view.append(facts);
  await showAdvice(view, state);
  view.append(el("h3", { text: "Messages per day" }), el("div", { class: "chart" }, volumeChart(detail.daily)));
  view.append(el("h3", { text: "By header_from" }), breakdownTable("header_from", detail.header_from, showDomain));
  view.append(el("h3", { text: "By envelope_from" }), breakdownTable("envelope_from", detail.envelope_from, showDomain));
  view.append(el("h3", { text: "By DKIM domain, selector and result" }), breakdownTable("DKIM", detail.dkim, showFirstWord));
  view.append(el("h3", { text: "By SPF domain and result" }), breakdownTable("SPF", detail.spf, showFirstWord));
  view.append(el("h3", { text: "By reporter" }), breakdownTable("Reporter", detail.reporters));
  view.append(el("h3", { text: "Newest records" }), recordsTable(detail.records || []));
  if (detail.records_omitted > 0) {
    view.append(el("p", { class: "muted", text: `The breakdowns read the newest ${fmt(detail.records_total - detail.records_omitted)} of ${fmt(detail.records_total)} records.` }));
  }
}

/** What the sources list knows of one source: for a server without the per-source detail endpoint. */
async function renderSourceRow(state) {
  const view = $("sourceView");
  const row = (await api(`/api/domains/${enc(state.domain)}/sources?${rangeQuery(state)}&q=${enc(state.source)}&limit=${SOURCE_ROWS}`))
    .find(s => s.source_ip === state.source);
  view.replaceChildren(backLink(state), el("h2", { text: "Source " + state.source + " sending as " + showDomain(state.domain) }));
  if (!row) { view.append(el("p", { text: "No volume from this source in " + state.from + " to " + state.to + "." })); return; }
  const facts = el("dl", { class: "facts", id: "sourceFacts" });
  const add = (k, v) => facts.append(el("dt", { text: k }), el("dd", {}, v == null || v === "" ? "–" : v));
  add("PTR", showDomain(row.ptr_name)); add("Service", row.service); add("Class", badge(row.classification));
  add("Messages", fmt(row.messages)); add("DMARC fail", fmt(row.dmarc_fail)); add("Fresh SPF", row.fresh_spf_result);
  add("First seen", day(row.first_seen));
  view.append(facts);
  await showAdvice(view, state);
}

/** The posture advice for this source (GET /api/domains/{domain}/advice, failing sources only), when the server has it. */
async function showAdvice(view, state) {
  if (!(await serverHas("/api/domains/{domain}/advice"))) return;
  const advice = await api(`/api/domains/${enc(state.domain)}/advice?${rangeQuery(state)}&limit=${SOURCE_ROWS}`);
  for (const a of advice.filter(x => x.source_ip === state.source)) {
    view.append(el("div", { class: "advice" }, el("strong", { text: a.action }), a.evidence ? el("div", { class: "muted", text: a.evidence }) : null));
  }
}

// ---- SMTP TLS reports (RFC 8460) ----
async function renderTls(state) {
  const tls = await api(`/api/domains/${enc(state.domain)}/tls?${rangeQuery(state)}`);
  const ok = tls.successful_sessions, failed = tls.failed_sessions;
  const reports = (tls.reporters || []).reduce((n, r) => n + r.reports, 0);
  $("tTlsOk").textContent = fmt(ok);
  $("tTlsFailed").textContent = fmt(failed);
  $("tTlsRate").textContent = pct(failed, ok + failed);
  $("tTlsReports").textContent = fmt(reports);
  note("tlsNote", reports === 0 && ok + failed === 0
    ? `No SMTP TLS reports for ${showDomain(state.domain)} from ${state.from} to ${state.to}. To receive them, publish`
      + ` a TLS-RPT record that sends them to the mailbox ruaflow reads: _smtp._tls.${state.domain}. IN TXT "v=TLSRPTv1; rua=mailto:ADDRESS".`
    : `${state.from} to ${state.to}`);
  $("tlsChart").replaceChildren(volumeChart(
    (tls.days || []).map(d => ({ day: d.day, messages: d.successful_sessions + d.failed_sessions,
      dmarc_pass: d.successful_sessions, dmarc_fail: d.failed_sessions })),
    { label: "Successful and failed TLS sessions per day", unit: "sessions", pass: "successful", fail: "failed" }));
  const rows = (id, items, cells, empty) => {
    const body = $(id).tBodies[0];
    body.replaceChildren();
    for (const item of items) { const r = body.insertRow(); cells(item).forEach(([v, cls]) => cell(r, v, cls)); }
    if (items.length === 0) cell(body.insertRow(), empty).colSpan = $(id).tHead.rows[0].cells.length;
  };
  rows("tlsTypes", tls.by_result_type || [], t => [[t.result_type], [fmt(t.failed_sessions), "n"]], "No failed sessions.");
  rows("tlsMx", tls.by_receiving_mx || [], m => [[m.receiving_mx ? showDomain(m.receiving_mx) : "(not named by the reporter)"],
    [m.result_type], [fmt(m.failed_sessions), "n"]], "No failed sessions.");
  rows("tlsReporters", tls.reporters || [], r => [[r.organization], [fmt(r.reports), "n"], [fmt(r.successful_sessions), "n"],
    [fmt(r.failed_sessions), "n"]], "No TLS reports.");
}

// ---- DMARC failure reports (ruf) ----
/** Failure reports listed at once, newest first. */
const FAILURE_ROWS = 50;
async function renderFailures(state) {
  const d = enc(state.domain), range = rangeQuery(state);
  const [sources, list] = await Promise.all([
    api(`/api/domains/${d}/failures?group=source&${range}`), api(`/api/domains/${d}/failures?${range}&limit=${FAILURE_ROWS}`)]);
  const total = sources.reduce((n, s) => n + s.failures, 0);
  note("failuresNote", total === 0
    ? `No DMARC failure reports for ${showDomain(state.domain)} from ${state.from} to ${state.to}. To receive them, add`
      + ` ruf=mailto:ADDRESS (the mailbox ruaflow reads) to the _dmarc.${state.domain} record; few receivers send them.`
    : `${fmt(total)} failure report${total === 1 ? "" : "s"} from ${fmt(sources.length)} source${sources.length === 1 ? "" : "s"},`
      + ` ${state.from} to ${state.to}. Addresses are as stored: with failure.redact on, their local parts read "redacted".`);
  const samples = (label, values) => values && values.length
    ? el("div", {}, el("span", { class: "muted", text: label + ": " }), values.join(" · ")) : null;
  const body = $("failureSources").tBodies[0];
  body.replaceChildren();
  for (const s of sources) {
    const r = body.insertRow();
    r.dataset.ip = s.source_ip || "";
    cell(r, s.source_ip || "(none)", "ip");
    cell(r, [showDomain(s.ptr_name), s.service].filter(Boolean).join(" · "), "wide");
    cell(r, fmt(s.failures), "n");
    cell(r, badge(s.classification));
    cell(r, String(s.last).slice(0, 16).replace("T", " "), "wide");
    cell(r, el("div", {}, samples("From", s.from_samples), samples("Subject", s.subject_samples)));
  }
  if (sources.length === 0) cell(body.insertRow(), "No failure reports.").colSpan = 6;
  const rows = $("failureList").tBodies[0];
  rows.replaceChildren();
  for (const f of list) {
    const r = rows.insertRow();
    r.dataset.uid = f.report_uid;
    cell(r, String(f.arrival).slice(0, 16).replace("T", " "));
    cell(r, f.source_ip, "ip");
    cell(r, f.reporter, "wide");
    cell(r, (f.auth_failures || []).join(", "));
    cell(r, f.from);
    cell(r, f.subject, "wide");
    const path = `/api/failures/${enc(f.report_uid)}/headers`;
    const link = el("a", { href: path, text: "headers", title: "the original's headers, as stored" });
    link.addEventListener("click", e => { e.preventDefault(); tracked(() => showHeaders(f, path)).catch(fail); });
    cell(r, link);
  }
  if (list.length === 0) cell(rows.insertRow(), "No failure reports.").colSpan = 7;
  note("failureListNote", list.length === FAILURE_ROWS ? `Showing the newest ${FAILURE_ROWS}; narrow the range to see others.` : "");
  $("failureHeadersBox").hidden = true;
}
/** One failure report's copy of the original's headers (text/plain), fetched with the page's token. */
async function showHeaders(failure, path) {
  const response = await fetch(path, { headers: headers() });
  const text = await response.text();
  if (!response.ok) throw new Error("headers of " + failure.report_uid + ": " + response.status + " " + text);
  $("failureHeadersTitle").textContent = `Headers of the report from ${failure.reporter || "?"} about ${failure.source_ip || "?"}`;
  $("failureHeaders").textContent = text;
  $("failureHeadersBox").hidden = false;
}

// ---- upload ----
async function upload(files) {
  if (files.length === 0) return;
  const result = $("uploadResult");
  result.className = ""; result.textContent = "Uploading " + files.length + (files.length === 1 ? " file…" : " files…");
  const form = new FormData();
  for (const f of files) form.append("file", f, f.name);
  try {
    const body = await api("/api/reports", { method: "POST", body: form, acceptError: true });
    const reports = body.files.flatMap(f => f.reports);
    const fresh = reports.filter(r => !r.duplicate);
    const lines = [];
    const again = reports.length - fresh.length;
    const already = again === 1 ? "1 report was already stored and is counted once" : `${again} reports were already stored and are counted once`;
    if (fresh.length > 0) {
      lines.push(`Stored ${fresh.length} new report${fresh.length === 1 ? "" : "s"} with ${fmt(fresh.reduce((n, r) => n + r.messages, 0))} messages`
        + (again > 0 ? "; " + already : "") + ".");
    } else if (again > 0) {
      lines.push("Nothing new: " + already + ".");
    } else {
      lines.push("No report stored.");
    }
    for (const r of reports) lines.push(`${r.org_name} ${r.report_id} for ${showDomain(r.policy_domain)}: ${fmt(r.messages)} messages${r.duplicate ? " (already stored)" : ""}`);
    for (const r of body.rejected) lines.push(`Refused ${r.file}: ${r.reason}`);
    result.replaceChildren(...lines.map((l, i) => el(i === 0 ? "strong" : "div", { text: l })));
    result.className = body.rejected.length > 0 ? "err" : "ok";
    await renderNow();
    if (fresh.length > 0) {
      const info = await api("/api/reports/" + enc(fresh[0].report_uid));
      const from = day(info.begin), to = lastDay(info.end) > from ? lastDay(info.end) : from;
      const state = readState();
      if (state.domain !== info.policy_domain || from < state.from || to > state.to) {
        result.append(el("div", {}, el("a", { href: "#" + new URLSearchParams({ domain: info.policy_domain, from, to }),
          text: `Show ${showDomain(info.policy_domain)} from ${from} to ${to}` })));
      }
    }
  } catch (e) {
    result.className = "err"; result.textContent = e.message;
  } finally {
    $("file").value = "";
  }
}

// ---- wiring ----
/** Tells a watcher (and the browser tests) whether answers are still on their way: body[data-busy]. */
let busy = 0;
async function tracked(work) {
  document.body.dataset.busy = String(++busy);
  try { return await work(); } finally { if (--busy === 0) delete document.body.dataset.busy; }
}
function clearOverview() {
  for (const id of ["tMessages", "tPass", "tSpf", "tDkim", "tReports"]) $(id).textContent = "–";
  for (const id of ["volumeChart", "shareChart", "weekly", "sourcesNote"]) $(id).replaceChildren();
  $("sources").tBodies[0].replaceChildren(); $("reports").tBodies[0].replaceChildren();
}
const render = () => tracked(renderNow);
async function renderNow() {
  $("status").textContent = "";
  let state = readState();
  if (serverToday == null) serverToday = (await api("/api/span")).today;
  if (!state.from || !state.to) {
    const range = await defaultRange();
    note("rangeNote", range.note);
    state = Object.assign(state, { from: range.from, to: range.to });
    history.replaceState(null, "", "#" + new URLSearchParams(state));
  }
  $("from").value = state.from; $("to").value = state.to;
  const names = await loadDomains(state);
  if (!state.domain) {
    if (names.length === 0) {
      clearOverview();
      $("overview").hidden = false; $("sourceView").hidden = true; $("reportView").hidden = true;
      $("tlsView").hidden = true; $("failuresView").hidden = true; $("panels").hidden = true;
      $("status").className = "muted";
      $("status").textContent = `No reports from ${state.from} to ${state.to}. Pick another range, upload a report below,`
        + " or import a folder: ruaflow import PATH --store URL.";
      return;
    }
    state.domain = names[0];
    history.replaceState(null, "", "#" + new URLSearchParams(state));
  }
  $("status").className = "err";
  const panel = state.source || state.report ? null : ["tls", "failures"].includes(state.panel) ? state.panel : "";
  $("panels").hidden = panel == null;
  const base = { domain: state.domain, from: state.from, to: state.to };
  for (const [id, p] of [["navOverview", ""], ["navTls", "tls"], ["navFailures", "failures"]]) {
    $(id).href = "#" + new URLSearchParams(p ? Object.assign({ panel: p }, base) : base);
    $(id).classList.toggle("on", panel === p);
  }
  $("overview").hidden = panel !== "";
  $("tlsView").hidden = panel !== "tls";
  $("failuresView").hidden = panel !== "failures";
  $("sourceView").hidden = !state.source;
  $("reportView").hidden = !state.report;
  if (state.source) await renderSource(state);
  else if (state.report) await renderReport(state);
  else if (panel === "tls") { $("domain").value = state.domain; await renderTls(state); }
  else if (panel === "failures") { $("domain").value = state.domain; await renderFailures(state); }
  else await renderOverview(state);
}

$("domain").addEventListener("change", () => writeState({ domain: $("domain").value, source: null, report: null }));
for (const id of ["from", "to"]) {
  $(id).addEventListener("change", () => {
    if (!$("from").value || !$("to").value) return;
    note("rangeNote", "");
    writeState({ from: $("from").value, to: $("to").value, source: null, report: null });
  });
}
document.querySelectorAll("button[data-days]").forEach(b => b.addEventListener("click", () => {
  const to = today();
  note("rangeNote", "");
  writeState({ from: addDays(to, 1 - Number(b.dataset.days)), to, source: null, report: null });
}));
$("allData").addEventListener("click", () => tracked(async () => {
  const s = await api("/api/span" + (readState().domain ? "?domain=" + enc(readState().domain) : "")).catch(fail);
  if (!s || s.last == null) return;
  const from = s.first > addDays(s.last, 1 - MAX_DAYS) ? s.first : addDays(s.last, 1 - MAX_DAYS);
  note("rangeNote", from === s.first ? "" : `Showing the last ${MAX_DAYS} days of the data.`);
  writeState({ from, to: s.last, source: null, report: null });
}));
let typing = 0;
const refreshSources = () => tracked(() => renderSources(readState())).catch(fail);
$("q").addEventListener("input", () => {
  clearTimeout(typing); document.body.dataset.busy = "typing"; typing = setTimeout(refreshSources, 250);
});
for (const id of ["class", "reporter", "service", "sort", "failing"]) $(id).addEventListener("change", refreshSources);
$("filters").addEventListener("submit", e => { e.preventDefault(); refreshSources(); });
$("controls").addEventListener("submit", e => e.preventDefault());
$("file").addEventListener("change", () => tracked(() => upload([...$("file").files])));
const drop = $("drop");
drop.addEventListener("dragover", e => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", e => { e.preventDefault(); drop.classList.remove("over"); tracked(() => upload([...e.dataTransfer.files])); });
$("save").addEventListener("click", () => {
  sessionStorage.setItem("ruaflow.token", $("token").value.trim()); render().catch(fail);
});
window.addEventListener("hashchange", () => render().catch(fail));
render().catch(fail);
