// Weir console: plain JavaScript, no build. Talks to the server's JSON API:
//   POST /api/sql                  {"sql": "..."} -> JSON lines: result, rows, done, error, end
//   GET  /api/queries              running queries and their figures
//   GET  /api/catalog              streams, tables, views, materialized views and their columns
//   POST /api/queries/{id}/cancel  CANCEL QUERY
"use strict";

const POLL_MILLIS = 1000;
const HISTORY_POINTS = 120; // two minutes of one-second samples
const MAX_TABLE_ROWS = 2000; // rows of a result kept on screen
const MAX_CHANGE_ROWS = 1000; // changes kept on screen when showing undo rows
const STREAM_COLUMNS = ["undo", "ptime", "ver"];
const PALETTE = ["#2563eb", "#db2777", "#16a34a", "#ea580c", "#7c3aed", "#0891b2", "#ca8a04", "#dc2626"];

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k === "style") node.style.cssText = v;
    else if (k.startsWith("data-")) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) node.append(c);
  return node;
}

const numberFormat = new Intl.NumberFormat("en-US");
const tickFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

function formatBytes(n) {
  if (n < 1024) return n + " B";
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return v.toFixed(v < 10 ? 1 : 0) + " " + units[i];
}

function formatDuration(ms) {
  if (ms == null) return "–";
  const sign = ms < 0 ? "−" : "";
  let s = Math.abs(ms) / 1000;
  if (s < 10) return sign + s.toFixed(1) + " s";
  if (s < 120) return sign + Math.round(s) + " s";
  const m = s / 60;
  if (m < 120) return sign + Math.round(m) + " min";
  const h = m / 60;
  if (h < 48) return sign + Math.round(h) + " h";
  return sign + Math.round(h / 24) + " d";
}

// ---------------------------------------------------------------------------------------------
// A result on screen: a finite table, or a continuous query's changes folded into a table
// (an undo row takes back a row emitted before) or listed one by one with "show changes".

class ResultView {
  constructor(columns, kind, queryId) {
    this.columns = columns;
    this.kind = kind;
    this.queryId = queryId;
    const names = columns.map((c) => c.name);
    this.changelog = kind === "continuous" &&
      STREAM_COLUMNS.every((n, i) => names[names.length - 3 + i] === n);
    this.dataWidth = this.changelog ? columns.length - 3 : columns.length;
    this.rows = []; // table mode: {key, values, fresh}; null marks a slot freed in this batch
    this.changes = []; // every change, newest last: {values, undo, fresh}
    this.received = 0;
    this.dropped = 0;
    this.started = Date.now();
    this.firstRowAt = null;
    this.ended = false;
    this.dirty = true;
  }

  add(batch) {
    const now = Date.now();
    if (this.firstRowAt == null && batch.length) this.firstRowAt = now;
    this.received += batch.length;
    let freed = [];
    for (const values of batch) {
      const undo = this.changelog ? values[this.dataWidth] === true : false;
      this.changes.push({ values, undo, fresh: now });
      const data = values.slice(0, this.dataWidth);
      const key = JSON.stringify(data);
      if (undo) {
        // Take back the newest equal row; keep its place for the insert that usually follows
        // (an update is an undo and an insert), so that updated rows stay where they are.
        for (let i = this.rows.length - 1; i >= 0; i--) {
          if (this.rows[i] && this.rows[i].key === key) {
            this.rows[i] = null;
            freed.push(i);
            break;
          }
        }
      } else {
        const row = { key, values: data, fresh: now };
        if (freed.length) this.rows[freed.shift()] = row;
        else this.rows.push(row);
      }
    }
    this.rows = this.rows.filter((r) => r !== null);
    if (this.rows.length > MAX_TABLE_ROWS) {
      this.dropped += this.rows.length - MAX_TABLE_ROWS;
      this.rows.splice(0, this.rows.length - MAX_TABLE_ROWS);
    }
    if (this.changes.length > MAX_CHANGE_ROWS) {
      this.changes.splice(0, this.changes.length - MAX_CHANGE_ROWS);
    }
    this.dirty = true;
  }

  render(showChanges) {
    const table = $("result-table");
    const thead = table.tHead;
    const tbody = table.tBodies[0];
    const changes = showChanges && this.changelog;
    const shown = changes ? this.columns : this.columns.slice(0, this.dataWidth);
    thead.replaceChildren(el("tr", {}, ...shown.map((c) =>
      el("th", { class: c.numeric ? "num" : "" }, c.name, el("span", { class: "type", text: c.type })))));
    const now = Date.now();
    const body = [];
    if (changes) {
      for (const change of this.changes) {
        body.push(this.tr(change.values, shown, now - change.fresh < 1500, change.undo));
      }
    } else {
      for (const row of this.rows) {
        body.push(this.tr(row.values, shown, now - row.fresh < 1500, false));
      }
    }
    const hidden = changes ? this.received - this.changes.length : this.dropped;
    if (hidden > 0) {
      body.unshift(el("tr", { class: "notice" }, el("td", {
        colSpan: shown.length,
        text: numberFormat.format(hidden) + (changes ? " earlier changes" : " earlier rows") +
          " not shown (the newest are kept)",
      })));
    }
    // Follow the newest rows, as tail -f does, unless the reader has scrolled up to look.
    const box = $("result");
    const following = box.scrollTop + box.clientHeight >= box.scrollHeight - 8;
    tbody.replaceChildren(...body);
    if (following) box.scrollTop = box.scrollHeight;
    this.dirty = false;
  }

  tr(values, columns, fresh, undo) {
    const cells = columns.map((c, i) => {
      const v = values[i];
      if (v === null || v === undefined) return el("td", { class: "null", text: "NULL" });
      return el("td", { class: c.numeric ? "num" : "", text: String(v), title: String(v) });
    });
    return el("tr", { class: (fresh ? "fresh " : "") + (undo ? "undo" : "") }, ...cells);
  }

  summary() {
    const count = this.rows.length + this.dropped;
    const rows = numberFormat.format(count) + (count === 1 ? " row" : " rows");
    if (this.kind !== "continuous") return rows;
    return rows + " · " + numberFormat.format(this.received) + (this.received === 1 ? " change" : " changes");
  }
}

// ---------------------------------------------------------------------------------------------
// Running statements

const state = {
  controller: null, // aborts the running script's request (and so its query, on the server)
  view: null,
  queries: new Map(), // id -> latest figures from /api/queries
  history: new Map(), // id -> [{t, rowsIn}]
  colors: new Map(),
};

function setStatus(text, live) {
  const status = $("status");
  status.textContent = text;
  status.classList.toggle("live", Boolean(live));
}

function clearResult() {
  $("messages").replaceChildren();
  $("result-table").tHead.replaceChildren();
  $("result-table").tBodies[0].replaceChildren();
  state.view = null;
}

function showMessage(number, text) {
  $("messages").append(el("div", { class: "message" }, el("span", { class: "n", text: "#" + number }), " " + text));
}

function showError(error, sql) {
  const box = el("div", { class: "error", role: "alert" },
    el("span", { class: "code", text: error.code || "ERROR" }),
    el("span", { class: "state", text: error.sqlState ? "SQLSTATE " + error.sqlState : "" }),
    el("pre", { class: "text", text: error.message }));
  const p = error.position;
  if (p && sql != null) {
    const line = sql.split("\n")[p.line - 1];
    if (line !== undefined) {
      const width = p.endLine === p.line ? Math.max(1, p.endColumn - p.column + 1) : 1;
      box.append(el("pre", { class: "where", text: line + "\n" + " ".repeat(p.column - 1) + "^".repeat(width) }));
      markInEditor(sql, p);
    }
  }
  $("messages").append(box);
}

/** Selects the error's place in the editor, when the editor still holds that SQL. */
function markInEditor(sql, p) {
  const editor = $("sql");
  const base = state.runFrom || 0;
  if (editor.value.substr(base, sql.length) !== sql) return;
  const offset = (line, column) => {
    const lines = sql.split("\n");
    let o = 0;
    for (let i = 0; i < line - 1; i++) o += lines[i].length + 1;
    return o + column - 1;
  };
  const from = base + offset(p.line, p.column);
  const to = base + offset(p.endLine, p.endColumn) + 1;
  editor.focus();
  editor.setSelectionRange(from, Math.max(from + 1, to));
}

async function run() {
  const editor = $("sql");
  const selected = editor.selectionStart !== editor.selectionEnd;
  const sql = selected ? editor.value.substring(editor.selectionStart, editor.selectionEnd) : editor.value;
  state.runFrom = selected ? editor.selectionStart : 0;
  if (!sql.trim()) return;
  stop();
  clearResult();
  const controller = new AbortController();
  state.controller = controller;
  $("run").disabled = true;
  $("stop").disabled = false;
  setStatus("running…", true);
  try {
    const response = await fetch("/api/sql", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sql }),
      signal: controller.signal,
    });
    if (!response.ok) {
      await showFailedResponse(response, sql);
      setStatus("failed");
      return;
    }
    await readLines(response, (event) => handle(event, sql));
  } catch (e) {
    if (e.name !== "AbortError") {
      showError({ code: "CONNECTION", message: "Lost the server: " + e.message });
      setStatus("disconnected");
    }
  } finally {
    if (state.controller === controller) {
      state.controller = null;
      $("run").disabled = false;
      $("stop").disabled = true;
      if ($("status").classList.contains("live")) setStatus(state.view ? state.view.summary() : "done");
      if (state.view) state.view.ended = true;
      loadCatalog();
    }
  }
}

async function showFailedResponse(response, sql) {
  const type = response.headers.get("Content-Type") || "";
  if (type.startsWith("application/json")) {
    const body = await response.json();
    showError(body.error || { message: JSON.stringify(body) }, sql);
  } else {
    const text = await response.text();
    showError({ code: "HTTP " + response.status, message: text.trim() });
  }
}

async function readLines(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    let newline;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line) onEvent(JSON.parse(line));
    }
  }
}

function handle(event, sql) {
  switch (event.type) {
    case "result":
      if (event.kind === "update") {
        showMessage(event.statement, event.message);
      } else {
        state.view = new ResultView(event.columns, event.kind, event.query || null);
        if (event.kind === "continuous") setStatus("waiting for the first rows of " + event.query, true);
      }
      break;
    case "rows":
      if (state.view) state.view.add(event.rows);
      break;
    case "done":
      if (state.view) {
        state.view.ended = true;
        state.view.dirty = true;
        setStatus(state.view.summary() + (event.cancelled ? " · cancelled" : ""));
      }
      break;
    case "error":
      showError(event.error, sql);
      setStatus("failed");
      break;
    case "end":
      if (!state.view) setStatus("done");
      break;
    case "heartbeat":
      break;
  }
}

function stop() {
  if (state.controller) {
    // Closing the request closes the connection: the server cancels the query.
    state.controller.abort();
    state.controller = null;
    $("run").disabled = false;
    $("stop").disabled = true;
    if (state.view) {
      state.view.ended = true;
      setStatus(state.view.summary() + " · stopped");
    } else {
      setStatus("stopped");
    }
  }
}

/** The status of a continuous query still running: rows so far, or what it has read meanwhile. */
function liveStatus() {
  const view = state.view;
  if (!view || view.kind !== "continuous" || view.ended || !state.controller) return;
  const elapsed = formatDuration(Date.now() - view.started);
  const q = state.queries.get(view.queryId);
  if (view.received === 0) {
    let text = "waiting for the first rows of " + view.queryId + " · " + elapsed;
    if (q) {
      text += " · " + numberFormat.format(q.rowsIn) + " rows read · watermark " + (q.watermark || "none yet");
    }
    setStatus(text, true);
  } else {
    setStatus(view.summary() + " · " + view.queryId + " running " + elapsed, true);
  }
}

// ---------------------------------------------------------------------------------------------
// Running queries, their figures and throughput

async function pollQueries() {
  try {
    const response = await fetch("/api/queries", { cache: "no-store" });
    if (!response.ok) throw new Error("HTTP " + response.status);
    const body = await response.json();
    $("server-status").textContent = "connected";
    $("server-status").className = "server-status up";
    const now = body.now;
    const seen = new Set();
    state.queries = new Map();
    for (const q of body.queries) {
      seen.add(q.id);
      state.queries.set(q.id, q);
      const history = state.history.get(q.id) || [];
      history.push({ t: now, rowsIn: q.rowsIn });
      if (history.length > HISTORY_POINTS + 1) history.shift();
      state.history.set(q.id, history);
      if (!state.colors.has(q.id)) state.colors.set(q.id, PALETTE[state.colors.size % PALETTE.length]);
    }
    for (const id of [...state.history.keys()]) {
      if (!seen.has(id)) state.history.delete(id);
    }
    renderQueries(body.queries);
    drawThroughput(now);
  } catch (e) {
    $("server-status").textContent = "server unreachable";
    $("server-status").className = "server-status down";
  }
  liveStatus();
}

function rates(history) {
  const out = [];
  for (let i = 1; i < history.length; i++) {
    const dt = (history[i].t - history[i - 1].t) / 1000;
    out.push({ t: history[i].t, rate: dt > 0 ? Math.max(0, (history[i].rowsIn - history[i - 1].rowsIn) / dt) : 0 });
  }
  return out;
}

function renderQueries(queries) {
  $("queries-count").textContent = queries.length ? "(" + queries.length + ")" : "";
  const rows = queries.map((q) => {
    const r = rates(state.history.get(q.id) || []);
    const last = r.length ? r[r.length - 1].rate : 0;
    const spark = el("canvas", { width: 90, height: 22 });
    drawSparkline(spark, r, state.colors.get(q.id));
    const cancel = el("button", { class: "cancel", text: "Cancel", title: "CANCEL QUERY '" + q.id + "'" });
    cancel.addEventListener("click", () => cancelQuery(q.id, cancel));
    return el("tr", { "data-query": q.id },
      el("td", {}, cancel),
      el("td", { text: q.id }),
      el("td", { class: "state-" + q.state, text: q.state }),
      el("td", { class: "num rows-in", text: numberFormat.format(q.rowsIn) }),
      el("td", { class: "num rows-out", text: numberFormat.format(q.rowsOut) }),
      el("td", {}, el("div", { style: "display:flex;align-items:center;gap:6px" },
        spark, el("span", { text: numberFormat.format(Math.round(last)) }))),
      el("td", { class: "watermark", text: q.watermark || "–" }),
      el("td", { class: "num", text: formatDuration(q.lagMillis) }),
      el("td", { class: "num late", text: numberFormat.format(q.lateRowsDropped) }),
      el("td", { class: "num", text: formatBytes(q.stateBytes) }),
      el("td", { class: "sql", text: q.sql, title: q.sql }));
  });
  if (!rows.length) {
    rows.push(el("tr", { class: "notice" }, el("td", { colSpan: 11, text: "No query is running." })));
  }
  $("queries").tBodies[0].replaceChildren(...rows);
}

async function cancelQuery(id, button) {
  button.disabled = true;
  const response = await fetch("/api/queries/" + encodeURIComponent(id) + "/cancel", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: "{}",
  });
  if (!response.ok) {
    await showFailedResponse(response, null);
    button.disabled = false;
  }
  pollQueries();
}

function drawSparkline(canvas, points, color) {
  const ctx = canvas.getContext("2d");
  const w = canvas.width;
  const h = canvas.height;
  ctx.clearRect(0, 0, w, h);
  if (points.length < 2) return;
  const recent = points.slice(-30);
  const max = Math.max(1, ...recent.map((p) => p.rate));
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  recent.forEach((p, i) => {
    const x = (i / (recent.length - 1)) * (w - 2) + 1;
    const y = h - 2 - (p.rate / max) * (h - 4);
    if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
  });
  ctx.stroke();
}

function drawThroughput(now) {
  const canvas = $("throughput");
  const width = canvas.clientWidth;
  if (width > 0 && canvas.width !== width) canvas.width = width;
  const ctx = canvas.getContext("2d");
  const w = canvas.width;
  const h = canvas.height;
  const left = 56;
  const bottom = h - 18;
  const span = HISTORY_POINTS * POLL_MILLIS;
  ctx.clearRect(0, 0, w, h);
  const series = [...state.history.entries()].map(([id, history]) => ({ id, points: rates(history) }));
  const max = Math.max(10, ...series.flatMap((s) => s.points.map((p) => p.rate)));
  const scale = niceCeiling(max);
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillStyle = "#6b7280";
  ctx.strokeStyle = "#eef0f2";
  ctx.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const y = bottom - (i / 4) * (bottom - 8);
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(w - 4, y);
    ctx.stroke();
    ctx.fillText(tickFormat.format((scale * i) / 4), 4, y + 4);
  }
  ctx.fillText("−2 min", left, h - 4);
  ctx.fillText("now", w - 26, h - 4);
  const legend = [];
  for (const s of series) {
    const color = state.colors.get(s.id);
    legend.push(el("div", {}, el("span", { class: "swatch", style: "background:" + color }), s.id));
    if (s.points.length < 2) continue;
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    s.points.forEach((p, i) => {
      const x = left + (1 - (now - p.t) / span) * (w - 4 - left);
      const y = bottom - (p.rate / scale) * (bottom - 8);
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    });
    ctx.stroke();
  }
  if (!legend.length) legend.push(el("div", { class: "muted", text: "no query running" }));
  $("legend").replaceChildren(...legend);
}

function niceCeiling(v) {
  const power = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 5, 10]) if (m * power >= v) return m * power;
  return 10 * power;
}

// ---------------------------------------------------------------------------------------------
// The catalog

const SECTIONS = [
  ["streams", "Streams"],
  ["tables", "Tables"],
  ["views", "Views"],
  ["materializedViews", "Materialized views"],
];

async function loadCatalog() {
  try {
    const response = await fetch("/api/catalog", { cache: "no-store" });
    if (!response.ok) return;
    const catalog = await response.json();
    const open = new Set([...document.querySelectorAll("#catalog details[open]")].map((d) => d.dataset.name));
    const sections = SECTIONS.map(([key, title]) => {
      const objects = catalog[key] || [];
      const section = el("div", { class: "catalog-section", "data-kind": key },
        el("h3", { text: title + " (" + objects.length + ")" }));
      if (!objects.length) section.append(el("div", { class: "empty", text: "none" }));
      for (const o of objects) {
        const summary = el("summary", { text: o.name, title: "Click to expand; double-click to insert the name" });
        summary.addEventListener("dblclick", (e) => { e.preventDefault(); insertText(o.name); });
        const details = el("details", { class: "object", "data-name": o.name }, summary,
          el("ul", {}, ...o.columns.map((c) => el("li", { class: "column" },
            el("span", { class: "name", text: c.name }),
            el("span", { class: "type", text: c.type + (c.nullable ? "" : " NOT NULL") }),
            c.extra ? el("span", { class: "extra", text: c.extra }) : "",
          ))));
        details.open = open.has(o.name);
        section.append(details);
      }
      return section;
    });
    $("catalog").replaceChildren(...sections);
  } catch (e) {
    // the status in the header says the server is unreachable
  }
}

function insertText(text) {
  const editor = $("sql");
  const start = editor.selectionStart;
  editor.setRangeText(text, start, editor.selectionEnd, "end");
  editor.focus();
}

// ---------------------------------------------------------------------------------------------

function frame() {
  if (state.view && state.view.dirty) state.view.render($("show-undo").checked);
  requestAnimationFrame(frame);
}

function start() {
  const editor = $("sql");
  editor.value = localStorage.getItem("weir.sql") || "";
  editor.addEventListener("input", () => localStorage.setItem("weir.sql", editor.value));
  editor.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
      e.preventDefault();
      run();
    }
  });
  $("run").addEventListener("click", run);
  $("stop").addEventListener("click", stop);
  $("show-undo").addEventListener("change", () => { if (state.view) state.view.dirty = true; });
  $("catalog-refresh").addEventListener("click", loadCatalog);
  loadCatalog();
  pollQueries();
  setInterval(pollQueries, POLL_MILLIS);
  // Leaving the page (another address, a closed tab, the back-forward cache) stops its query.
  window.addEventListener("pagehide", stop);
  requestAnimationFrame(frame);
}

document.addEventListener("DOMContentLoaded", start);
