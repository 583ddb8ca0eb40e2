// Brings the worksheet forms rendered by macros/forms.py to life.
//
// Python (Pyodide, in worksheet-worker.mjs) validates the values, checks
// imported files and writes the messages; this file only moves values to the
// worker, shows its answer with textContent, keeps a draft in localStorage and
// offers copy/download/print.
// Every visible text comes from the page's strings JSON, in the page's locale.
(() => {
  "use strict";

  // The build's contract (macros/contract.py, which says what each value means):
  // timeouts, limits, the drafts' storage key, the actions per kind of output and
  // the workers' file names. It is inline in the <head> of every worksheet page,
  // also of one that instant navigation brought (Material adds that page's head).
  // Parsed once per page: instant navigation brings a new holder.
  let contract = null;
  let contractHolder = null;
  function agreed() {
    const holder = document.getElementById("worksheet-contract");
    if (holder && holder !== contractHolder) {
      contract = JSON.parse(holder.textContent);
      contractHolder = holder;
    }
    if (!contract) throw new Error("worksheet.js: this worksheet page has no #worksheet-contract (macros/contract.py)");
    return contract;
  }

  // The page side of the fast start (fast-start.js, loaded before this file), or null
  // on the plain path (the plugin's fast_start off).
  function fastStart() {
    return agreed().fastStart ? window.worksheetFastStart || null : null;
  }

  // One engine per tab: Material's instant navigation keeps this script (and
  // the worker) alive while it swaps the page body.
  // unsent: what the page asked before the worker existed.
  const shared = window.worksheetShared; // docs/assets/js/shared-details.js, loaded before this file
  const engine = { worker: null, state: "idle", nextId: 1, timer: 0, pending: new Map(), sheets: new Set(), unsent: [] };
  window.__worksheetWorkerBoots = 0;
  window.__worksheetEngine = engine; // read by tests and benchmarks, like data-worksheet-state

  function startEngine(runtimeURL) {
    if (engine.state !== "idle") return;
    engine.state = "loading";
    engine.runtimeURL = runtimeURL;
    performance.mark("worksheet-engine-start");
    const bootMs = agreed().timeoutsMs.boot;
    engine.timer = setTimeout(() => engineFailed("not ready after " + bootMs + " ms"), bootMs);
    // The fast start takes the workers the page's <head> started; else this page starts one.
    const fast = fastStart();
    if (!fast || !fast.adoptEarlyEngine(runtimeURL, attachWorker)) attachWorker(null, []);
  }

  // Takes the <head>'s worker (and what it said before this script listened),
  // or starts one; then sends what the page asked in the meantime.
  function attachWorker(adopted, said) {
    if (engine.state !== "loading") {
      if (adopted) adopted.terminate(); // the start timed out meanwhile
      return;
    }
    try {
      engine.worker = adopted || new Worker(new URL("../js/" + contract.files.engine, engine.runtimeURL), { type: "module" });
    } catch (error) {
      engineFailed(error);
      return;
    }
    window.__worksheetWorkerBoots += 1;
    engine.worker.addEventListener("message", onEngineMessage);
    engine.worker.addEventListener("error", onWorkerError);
    if (!adopted) engine.worker.postMessage({ type: "init", runtimeURL: engine.runtimeURL.href, fastStart: contract.fastStart });
    for (const message of engine.unsent.splice(0)) engine.worker.postMessage(message);
    // What the early worker said before this script listened, in order.
    for (const event of said) {
      if (event.type === "error") onWorkerError(event);
      else onEngineMessage(event);
    }
  }

  // Fires when the worker script itself cannot load or run.
  function onWorkerError(event) {
    engineFailed(event.message || "worker failed");
  }

  // A worker that dies after it was ready (a fatal Python error, a run that
  // never answers) is replaced by a fresh one; the forms keep their values
  // and run again once it is ready.
  function restartEngine(reason) {
    console.error("worksheet engine restarts:", reason);
    engine.worker.terminate();
    for (const [, pending] of engine.pending) clearTimeout(pending.timer);
    engine.pending.clear();
    engine.state = "idle";
    engine.restarts = (engine.restarts || 0) + 1;
    for (const sheet of engine.sheets) sheet.crashed();
    startEngine(engine.runtimeURL);
    broadcast();
  }

  // "Try again" after a start that failed (a connection that broke off, say):
  // a fresh worker, which asks for the runtime again.
  function retryEngine() {
    if (engine.state !== "error") return;
    if (engine.worker) engine.worker.terminate();
    engine.worker = null;
    engine.state = "idle";
    startEngine(engine.runtimeURL);
    broadcast();
  }

  function engineFailed(reason) {
    if (engine.state === "ready") {
      restartEngine(reason);
      return;
    }
    console.error("worksheet engine:", reason);
    clearTimeout(engine.timer);
    engine.state = "error";
    engine.failure = String(reason); // for the console of a reader's bug report, and the tests
    broadcast();
  }

  function onEngineMessage(event) {
    const message = event.data;
    if (message.type === "ready") {
      // Also accepted after the timeout: a slow start is better late than never.
      clearTimeout(engine.timer);
      engine.state = "ready";
      performance.mark("worksheet-ready", { detail: { bootMs: message.bootMs, via: message.via, brotli: message.brotli } });
      broadcast();
      setTimeout(registerServiceWorker, contract.timeoutsMs.serviceWorkerDelay);
    } else if (message.type === "error") {
      engineFailed(message.message);
    } else if (message.type === "result") {
      const pending = engine.pending.get(message.id);
      engine.pending.delete(message.id);
      if (!pending) return;
      clearTimeout(pending.timer);
      if (message.result && message.result.fatal) restartEngine("fatal error in the worker");
      else pending.answer(message.result);
      tellFastStart();
    }
  }

  // The service worker (sw.js at the site root) caches what a worksheet
  // needs, so a second visit is fast and works offline. It is registered only
  // where a worksheet is, so article readers never download the runtime, and
  // only a little while after Python is ready: storing the runtime (some 20 MB)
  // would otherwise compete with its start and with the reader's first edits.
  // On a repeat visit it also asks for an update: register() alone does not
  // check for one, and WebKitGTK 2.50 did not always check after a navigation,
  // so a newly deployed build was not picked up.
  function registerServiceWorker() {
    if (!("serviceWorker" in navigator)) return;
    const root = new URL("../../", engine.runtimeURL);
    const repeat = navigator.serviceWorker.controller !== null;
    navigator.serviceWorker
      .register(new URL("sw.js", root).href, { scope: root.pathname })
      .then((registration) => repeat && registration.update())
      .catch((error) => {
        console.warn("service worker:", error);
      });
  }

  // Sends one request to handle() in the worker; returns its id. A request
  // sent while Python is still starting waits in the worker.
  function ask(request, answer) {
    const id = engine.nextId++;
    const timer = engine.state === "ready" ? setTimeout(() => restartEngine("no answer to run " + id), contract.timeoutsMs.run) : 0;
    engine.pending.set(id, { answer, timer });
    const fast = fastStart();
    const reply = fast ? fast.answerChannel(onEngineMessage) : "";
    const message = { type: "run", id, request: JSON.stringify(request), reply };
    if (engine.worker) engine.worker.postMessage(message);
    else engine.unsent.push(message);
    return id;
  }

  function broadcast() {
    for (const sheet of engine.sheets) {
      if (sheet.form.isConnected) sheet.engineChanged();
      else engine.sheets.delete(sheet);
    }
    tellFastStart();
  }

  // The fast start (fast-start.js) lets Material go once Python has settled.
  function tellFastStart() {
    const fast = fastStart();
    if (fast) fast.engineChanged(engine.state === "ready" || engine.state === "error", engine.pending.size > 0);
  }

  function readStrings(root) {
    // The page's texts, rendered by Python into data-ws-strings on the root.
    const holder = root.closest("[data-ws-strings]");
    try {
      return JSON.parse((holder && holder.dataset.wsStrings) || "{}");
    } catch (error) {
      console.error("worksheet strings:", error);
      return {};
    }
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, (match, key) => (key in values ? String(values[key]) : match));
  }

  function controlValue(control) {
    return control.type === "checkbox" ? control.checked : control.value;
  }

  // Sets a control from a stored value; false if the value does not fit it.
  function setControl(control, value) {
    const text = String(value ?? "");
    if (control.type === "checkbox") control.checked = value === true;
    else if (control.type === "radio") control.checked = control.value === text;
    else if (control.tagName === "SELECT" && !Array.from(control.options).some((o) => o.value === text)) return false;
    else control.value = text;
    return true;
  }

  function hasContent(value) {
    return value !== "" && value !== false && value != null;
  }

  // The column of a table cell: the last part of its name "<table>.<row>.<column>".
  function columnOf(control) {
    return control.name.slice(control.name.lastIndexOf(".") + 1);
  }

  function firstControl(element) {
    return element.querySelector("input, select, textarea");
  }

  // A table field (macros/forms.py): numbered row fieldsets, a row template
  // with __N__ in its names and ids, an add-row button and a file import.
  class Table {
    constructor(element) {
      this.id = element.dataset.table;
      this.rows = element.querySelector("[data-rows]");
      this.template = element.querySelector("template[data-row-template]");
      this.addButton = element.querySelector("[data-action=add-row]");
      this.slot = element.querySelector(`[data-error-for="${CSS.escape(this.id)}"]`);
      this.maxRows = Number(element.dataset.maxRows) || Infinity;
      this.initialRows = this.rowElements().length;
    }

    rowElements() {
      return Array.from(this.rows.querySelectorAll(":scope > [data-row]"));
    }

    value() {
      return this.rowElements().map((row) => {
        const cells = {};
        for (const control of row.querySelectorAll("[name]")) cells[columnOf(control)] = controlValue(control);
        return cells;
      });
    }

    newRow(number, rowLabel) {
      const row = this.template.content.firstElementChild.cloneNode(true);
      for (const element of [row, ...row.querySelectorAll("*")]) {
        for (const attribute of Array.from(element.attributes)) {
          if (attribute.value.includes("__N__")) attribute.value = attribute.value.replaceAll("__N__", String(number));
        }
      }
      const legend = row.querySelector("legend");
      if (legend) legend.textContent = fill(rowLabel, { number });
      return row;
    }

    addRow(rowLabel) {
      const row = this.newRow(this.rowElements().length + 1, rowLabel);
      this.rows.append(row);
      this.updateAddButton();
      return row;
    }

    // Replaces the rows with stored or imported ones; returns the names of the filled cells.
    setRows(rows, rowLabel) {
      this.replaceRows(Math.min(rows.length, this.maxRows), rowLabel);
      const filled = [];
      this.rowElements().forEach((row, index) => {
        const cells = rows[index];
        if (!cells || typeof cells !== "object") return;
        for (const control of row.querySelectorAll("[name]")) {
          const column = columnOf(control);
          if (!Object.hasOwn(cells, column) || !setControl(control, cells[column])) continue;
          if (hasContent(cells[column])) filled.push(control.name);
        }
      });
      return filled;
    }

    replaceRows(count, rowLabel) {
      const rows = [];
      for (let number = 1; number <= Math.max(count, 1); number++) rows.push(this.newRow(number, rowLabel));
      this.rows.replaceChildren(...rows);
      this.updateAddButton();
    }

    updateAddButton() {
      if (this.addButton) this.addButton.disabled = this.rowElements().length >= this.maxRows;
    }
  }

  class Worksheet {
    constructor(form) {
      this.form = form;
      this.root = form.closest("[data-ws-root]") || form.parentElement;
      this.id = form.dataset.worksheet;
      this.version = Number(form.dataset.specVersion);
      this.draftKey = agreed().storage.draftPrefix + this.id;
      this.strings = readStrings(this.root);
      this.status = this.root.querySelector("[data-ws-status]");
      this.summary = this.root.querySelector("[data-ws-summary]");
      this.messages = this.root.querySelector("[data-ws-messages]");
      this.exampleNote = this.root.querySelector("[data-ws-example-note]");
      this.template = this.root.querySelector("template[data-ws-message-template]");
      this.pristine = Array.from(this.messages.childNodes, (node) => node.cloneNode(true));
      this.tables = new Map(
        Array.from(form.querySelectorAll("[data-table]"), (element) => [element.dataset.table, new Table(element)]),
      );
      this.importErrors = new Map(); // table id -> text of a refused import, until the next edit
      this.importing = 0; // id of the import the reader is waiting for
      this.outputs = new Map(); // output id -> output of the last good result
      this.shown = ""; // the outputs on screen, as JSON
      this.touched = new Set(); // fields whose errors may show while typing
      this.submitted = false; // after a submit, every error shows
      this.dirty = false; // values differ from the server-rendered form
      this.wantSubmit = false; // submitted before the engine was ready
      this.latest = 0;
      this.timer = 0;
      this.notice = "";
      this.base = "";
      this.hasDraft = false; // a draft of this sheet is stored
      this.meta = shared.meta(null, this.id, form); // shared units, kept-here units, next step

      form.addEventListener("input", (event) => this.edited(event));
      form.addEventListener("change", (event) => this.edited(event));
      form.addEventListener("click", (event) => {
        const button = event.target.closest("[data-action=add-row]");
        if (button) this.addRow(this.tableOf(button));
      });
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        this.submitted = true;
        this.run(true);
      });
      this.retry = this.root.querySelector("[data-ws-retry]");
      this.retry?.querySelector("[data-action=retry]")?.addEventListener("click", () => {
        // The button hides itself: the focus goes to the status, which says that Python is starting.
        this.status?.focus();
        retryEngine();
      });
      this.root.querySelector("[data-action=clear]")?.addEventListener("click", () => this.clear());
      this.root.querySelector("[data-action=clear-all]")?.addEventListener("click", () => this.clear(true));
      form.addEventListener("click", (event) => {
        const toggle = event.target.closest("[data-action=shared-toggle]");
        if (toggle) this.toggleShared(toggle.closest("[data-shared-note]").dataset.sharedNote);
      });
      this.root.addEventListener("click", (event) => jump(event));
      this.messages.addEventListener("click", (event) => this.action(event));
      // A middle click opens the hand-off in a new tab: it reads the same storage.
      this.messages.addEventListener("auxclick", (event) => this.handOff(event));

      for (const table of this.tables.values()) table.updateAddButton();
      this.restoreDraft();
      this.takeShared();
      engine.sheets.add(this);
      startEngine(new URL(form.dataset.runtime, location.href));
      this.engineChanged();
    }

    text(key) {
      return this.strings[key] || "";
    }

    setStatus() {
      const text = [this.notice, this.base].filter(Boolean).join(" ");
      // Rewriting an unchanged live region makes some screen readers repeat it.
      if (this.status && this.status.textContent !== text) this.status.textContent = text;
    }

    engineChanged() {
      const state = engine.state === "idle" ? "loading" : engine.state;
      this.form.dataset.worksheetState = state;
      if (this.retry) this.retry.hidden = state !== "error";
      this.base = this.text(state);
      this.setStatus();
      // A draft runs as soon as the worker exists: the request waits there
      // while Python starts, which saves a round trip after "ready".
      const live = state === "ready" || state === "loading";
      if (live && !this.inFlight && (this.dirty || this.wantSubmit)) this.run(this.wantSubmit);
    }

    values() {
      const values = {};
      for (const control of this.form.elements) {
        if (!control.name || control.disabled || this.tableOf(control)) continue;
        if (control.type !== "radio" || control.checked) values[control.name] = controlValue(control);
      }
      for (const [id, table] of this.tables) values[id] = table.value();
      return values;
    }

    tableOf(element) {
      const holder = element.closest("[data-table]");
      return holder ? this.tables.get(holder.dataset.table) : undefined;
    }

    edited(event) {
      const target = event.target;
      if (target.type === "file") {
        if (event.type === "change" && target.matches("[data-table-import]")) {
          this.importFile(this.tableOf(target), target).catch((error) => console.error("worksheet import:", error));
        }
        return;
      }
      if (target.name) this.touched.add(target.name);
      const unit = shared.unitOf(target);
      if (unit) {
        this.meta.units[unit] = { at: Date.now(), from: this.id };
        shared.showNotes(this.root, this.id, this.meta, this.strings);
      }
      // Emptying every row of a table may show the table's own error.
      const table = this.tableOf(target);
      if (table) this.touched.add(table.id);
      this.importErrors.clear();
      this.dirty = true;
      this.notice = "";
      // Python first: the draft is written while the worker answers.
      const values = this.values();
      this.run(false, values);
      this.saveDraft(values);
    }

    // Runs at once on every edit; while one run is on its way, edits only
    // mark that another is needed, so fast typing never builds a queue.
    run(submit, values) {
      if (engine.state !== "ready" && engine.state !== "loading") {
        this.wantSubmit = this.wantSubmit || submit;
        return;
      }
      if (this.inFlight) {
        this.again = true;
        this.wantSubmit = this.wantSubmit || submit;
        return;
      }
      this.wantSubmit = false;
      this.inFlight = true;
      const request = { sheet: this.id, values: values || this.values(), locale: this.form.dataset.locale };
      const id = ask(request, (result) => {
        this.inFlight = false;
        if (this.latest === id) this.show(result, submit);
        if (this.again) {
          this.again = false;
          this.run(this.wantSubmit);
        }
      });
      this.latest = id;
    }

    crashed() {
      this.inFlight = false;
      this.again = false;
      this.dirty = true; // run again once the new worker is ready
      this.notice = this.text("crash");
    }

    addRow(table) {
      if (!table || table.rowElements().length >= table.maxRows) return;
      const row = table.addRow(this.text("row"));
      firstControl(row)?.focus();
      this.importErrors.delete(table.id);
      this.dirty = true;
      this.saveDraft();
    }

    async importFile(table, input) {
      const file = input.files && input.files[0];
      if (!table || !file || !engine.worker || engine.state === "error") {
        input.value = "";
        return;
      }
      let text = "";
      try {
        text = await file.slice(0, contract.limits.importReadBytes).text();
      } catch (error) {
        console.error("worksheet import:", error);
        this.refuseImport(table, [this.text("import_unreadable")]);
        return;
      } finally {
        // So that choosing the same file again fires another change.
        input.value = "";
      }
      const request = {
        action: "import",
        sheet: this.id,
        field: table.id,
        text,
        filename: file.name,
        locale: this.form.dataset.locale,
      };
      const id = ask(request, (answer) => {
        if (this.importing === id) this.imported(table, answer);
      });
      this.importing = id;
    }

    imported(table, answer) {
      this.importing = 0;
      if (answer.crash) {
        this.base = this.text("crash");
        this.setStatus();
        return;
      }
      const errors = answer.errors || [];
      if (errors.length) {
        this.refuseImport(table, errors);
        return;
      }
      const rows = answer.rows || [];
      this.importErrors.delete(table.id);
      for (const name of table.setRows(rows, this.text("row"))) this.touched.add(name);
      this.dirty = true;
      this.notice = fill(this.text("imported"), { count: rows.length });
      this.saveDraft();
      this.run(false);
    }

    // Shows why nothing was imported, one message a line; the rows stay as they are.
    refuseImport(table, errors) {
      const text = [this.text("import_failed"), ...errors].join("\n");
      this.importErrors.set(table.id, text);
      if (!table.slot) return;
      table.slot.textContent = text;
      table.slot.hidden = false;
    }

    show(result, submit) {
      if (result.crash) {
        // A run that waited for a start that failed: the status already says why.
        if (engine.state === "error") return;
        this.base = this.text("crash");
        this.setStatus();
        return;
      }
      this.base = this.text("ready");
      this.setStatus();
      const errors = result.errors || {};
      this.showErrors(errors, submit);
      if (Object.keys(errors).length) {
        if (submit) {
          this.summary.textContent = this.text("invalid");
          this.summary.hidden = false;
          this.firstInvalid(errors)?.focus();
        }
        return;
      }
      this.summary.hidden = true;
      this.summary.textContent = "";
      this.showOutputs(result);
      // The overview page shows the next step Python worked out (in every locale).
      const next = result.next_step || null;
      if (JSON.stringify(next) !== JSON.stringify(this.meta.next)) {
        this.meta.next = next;
        if (this.hasDraft) this.saveDraft();
      }
    }

    firstInvalid(errors) {
      const marked = Array.from(this.form.elements).find((control) => control.getAttribute("aria-invalid") === "true");
      if (marked) return marked;
      // A table's own error ("at least one row") has no control of its own.
      const table = Array.from(this.tables.values()).find((candidate) => errors[candidate.id]);
      return table && firstControl(table.rows);
    }

    showErrors(errors, submit) {
      for (const slot of this.root.querySelectorAll("[data-error-for]")) {
        const name = slot.dataset.errorFor;
        // While typing, only fields the reader has been to get their error.
        const shown = Boolean(errors[name]) && (submit || this.submitted || this.touched.has(name));
        const message = shown ? errors[name] : this.importErrors.get(name) || "";
        const visible = Boolean(message);
        // Most keystrokes change no error: leave those slots (and their fields) alone.
        if (slot.textContent === message && slot.hidden === !visible) continue;
        slot.textContent = message;
        slot.hidden = !visible;
        for (const control of this.form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
          if (visible) control.setAttribute("aria-invalid", "true");
          else control.removeAttribute("aria-invalid");
        }
      }
    }

    showOutputs(result) {
      const warnings = result.warnings || [];
      // Re-rendering the same messages would move focus away from their
      // buttons and make screen readers read them again.
      const shown = JSON.stringify([result.outputs, warnings]);
      if (shown === this.shown) return;
      this.shown = shown;
      this.outputs.clear();
      const articles = (result.outputs || []).map((output) => {
        this.outputs.set(output.id, output);
        const article = this.template.content.firstElementChild.cloneNode(true);
        const slot = (name) => article.querySelector(`[data-out="${name}"]`) || document.createElement("span");
        const kind = Object.hasOwn(contract.actions, output.kind) ? output.kind : "message";
        article.dataset.outputId = output.id;
        article.dataset.kind = kind;
        slot("title").textContent = output.title;
        slot("subject").textContent = output.subject || "";
        const subjectLine = article.querySelector(".ws-subject");
        if (subjectLine) subjectLine.hidden = !output.subject || kind !== "message";
        slot("body").textContent = output.body;
        const count = output.limit == null ? this.text("characters") : this.text("characters_limit");
        slot("count").textContent = fill(count, { count: output.characters_written, limit: output.limit_written });
        // Only a channel limit makes the count worth reading.
        slot("count").hidden = output.limit == null;
        this.fitActions(article, output, kind);
        const list = slot("warnings");
        for (const warning of warnings) {
          if (warning.output !== output.id) continue;
          const item = document.createElement("li");
          item.textContent = warning.message;
          list.append(item);
        }
        list.hidden = list.childElementCount === 0;
        const mail = article.querySelector("[data-action=mailto]");
        if (mail && String(output.mailto).startsWith("mailto:")) mail.href = output.mailto;
        this.showLinks(slot("links"), output.links);
        return article;
      });
      this.messages.replaceChildren(...articles);
      if (this.exampleNote) this.exampleNote.hidden = true;
    }

    // Links to another worksheet that Python filled in for the reader (a
    // ranked contact to the introduction request): href and values as given.
    showLinks(list, links) {
      list.replaceChildren();
      for (const link of Array.isArray(links) ? links : []) {
        const item = document.createElement("li");
        const anchor = document.createElement("a");
        anchor.textContent = link.label;
        anchor.href = new URL(link.href, location.href).href;
        anchor.dataset.handoff = JSON.stringify({ sheet: link.sheet, version: link.version, values: link.values, units: link.units });
        item.append(anchor);
        list.append(item);
      }
      list.hidden = list.childElementCount === 0;
    }

    handOff(event) {
      const anchor = event.target.closest && event.target.closest("a[data-handoff]");
      if (!anchor || (event.type === "auxclick" && event.button !== 1)) return;
      try {
        shared.handOff(JSON.parse(anchor.dataset.handoff), this.id);
      } catch (error) {
        console.error("worksheet hand-off:", error);
      }
    }

    // Removed rather than hidden: Material's buttons set their own display.
    fitActions(article, output, kind) {
      const shareable =
        typeof navigator.share === "function" &&
        (typeof navigator.canShare !== "function" || navigator.canShare(shareData(output)));
      for (const control of article.querySelectorAll("[data-action]")) {
        const action = control.dataset.action;
        if (!contract.actions[kind].includes(action) || (action === "share" && !shareable)) control.remove();
      }
      const download = article.querySelector("[data-action=download-txt]");
      if (download && kind === "file") {
        download.textContent = fill(this.text("download_file"), { filename: output.filename });
      }
    }

    action(event) {
      this.handOff(event);
      const button = event.target.closest("button[data-action]");
      const article = button && button.closest("[data-output-id]");
      const output = article && this.outputs.get(article.dataset.outputId);
      if (!output) return;
      const say = (key) => {
        const region = article.querySelector("[data-out=action-status]");
        if (!region) return;
        // Empty first, so a second identical message is announced again.
        region.textContent = "";
        setTimeout(() => (region.textContent = this.text(key)), 100);
      };
      switch (button.dataset.action) {
        case "copy":
          Promise.resolve()
            .then(() => navigator.clipboard.writeText(output.body))
            .then(
              () => say("copied"),
              () => {
                selectText(article.querySelector("[data-out=body]"));
                say("copy_failed");
              },
            );
          break;
        case "share":
          Promise.resolve()
            .then(() => navigator.share(shareData(output)))
            .catch((error) => {
              // The reader closed the share sheet: nothing went wrong.
              if (error && error.name !== "AbortError") say("share_failed");
            });
          break;
        case "download-txt":
          if (output.on_demand) {
            // Written by Python when asked (a calendar file carries the time of its making).
            const request = { action: "file", sheet: this.id, output: output.id, values: this.values(), locale: this.form.dataset.locale };
            ask(request, (answer) => {
              if (answer && typeof answer.file === "string") download(output.filename, output.mime, answer.file);
              else say("crash");
            });
            break;
          }
          download(output.filename, output.mime || "text/plain;charset=utf-8", output.body);
          break;
        case "download-eml": {
          // Written on demand: the .eml would cost most of every run.
          const request = { action: "eml", subject: output.subject || "", body: output.body, locale: this.form.dataset.locale };
          ask(request, (answer) => {
            if (answer && typeof answer.eml === "string") {
              download(output.filename.replace(/\.txt$/, ".eml"), "message/rfc822", answer.eml);
            } else {
              say("crash");
            }
          });
          break;
        }
        case "print":
          window.print();
          break;
      }
    }

    restoreDraft() {
      let raw = null;
      try {
        raw = localStorage.getItem(this.draftKey);
      } catch {
        this.notice = this.text("storage_unavailable"); // blocked: nothing to restore, nothing kept
        return;
      }
      if (raw === null) return;
      let draft = null;
      try {
        draft = JSON.parse(raw);
      } catch {
        // set aside below
      }
      const wellFormed =
        draft !== null &&
        typeof draft === "object" &&
        typeof draft.version === "number" &&
        draft.values !== null &&
        typeof draft.values === "object" &&
        !Array.isArray(draft.values);
      if (wellFormed && draft.version === this.version) {
        this.applyValues(draft.values);
        this.meta = shared.meta(draft, this.id, this.form);
        this.hasDraft = true;
        this.dirty = true;
        this.notice = this.text("draft_restored");
        return;
      }
      // A draft for another version of the sheet (or unreadable) is kept, not restored.
      const aside = `${this.draftKey}:${wellFormed ? "v" + draft.version : "corrupt"}`;
      try {
        localStorage.setItem(aside, raw);
        localStorage.removeItem(this.draftKey);
        this.notice = this.text("draft_set_aside");
      } catch {
        this.notice = this.text("storage_full");
      }
    }

    applyValues(values) {
      for (const [id, table] of this.tables) {
        if (!Array.isArray(values[id])) continue;
        for (const name of table.setRows(values[id], this.text("row"))) this.touched.add(name);
      }
      for (const control of this.form.elements) {
        if (!control.name || this.tableOf(control) || !Object.hasOwn(values, control.name)) continue;
        const value = values[control.name];
        setControl(control, value);
        if (hasContent(value)) this.touched.add(control.name);
      }
    }

    // Values the reader typed in another worksheet, for the units this one
    // shares and does not keep for itself; the notes say where they came from.
    takeShared() {
      const taken = shared.take(this.id, this.form, this.meta);
      if (taken) {
        this.applyValues(taken.values);
        Object.assign(this.meta.units, taken.units);
        this.dirty = true; // run with them; the draft is saved at the reader's first edit
      }
      shared.showNotes(this.root, this.id, this.meta, this.strings);
    }

    // "Change only here" keeps a unit for this worksheet; "use the shared
    // details again" takes the latest values from the other worksheets.
    toggleShared(unit) {
      const own = this.meta.own.includes(unit);
      this.meta.own = own ? this.meta.own.filter((other) => other !== unit) : [...this.meta.own, unit];
      if (own) {
        delete this.meta.units[unit];
        const units = new Map([[unit, shared.formUnits(this.form).get(unit) || []]]);
        const taken = shared.take(this.id, this.form, this.meta, units);
        if (taken) {
          this.applyValues(taken.values);
          Object.assign(this.meta.units, taken.units);
        }
      }
      this.dirty = true;
      shared.showNotes(this.root, this.id, this.meta, this.strings);
      const values = this.values();
      this.run(false, values);
      this.saveDraft(values);
      // The button's text changed; focus stays on it so the reader hears the new state.
    }

    saveDraft(values) {
      const { units, own, next } = this.meta;
      const draft = JSON.stringify({ version: this.version, values: values || this.values(), saved: Date.now(), units, own, next });
      try {
        localStorage.setItem(this.draftKey, draft);
        this.hasDraft = true;
        if (this.notice === this.text("storage_full") || this.notice === this.text("storage_unavailable")) this.notice = "";
      } catch (error) {
        this.notice = this.text(storageFull(error) ? "storage_full" : "storage_unavailable");
      }
      this.setStatus();
    }

    // Deletes this worksheet's entries, or (everywhere) every worksheet's.
    clear(everywhere = false) {
      if (!window.confirm(this.text(everywhere ? "confirm_clear_all" : "confirm_clear"))) return;
      try {
        for (const key of Object.keys(localStorage)) {
          if (key === this.draftKey || key.startsWith(this.draftKey + ":")) localStorage.removeItem(key);
        }
      } catch {
        // storage disabled: nothing was saved
      }
      if (everywhere) shared.clearAll();
      this.hasDraft = false;
      this.meta = shared.meta(null, this.id, this.form);
      clearTimeout(this.timer);
      this.latest = engine.nextId++; // answers still on their way are now stale
      this.importing = 0;
      this.importErrors.clear();
      this.form.reset();
      for (const table of this.tables.values()) table.replaceRows(table.initialRows, this.text("row"));
      this.touched.clear();
      this.submitted = this.dirty = this.wantSubmit = false;
      this.showErrors({}, false);
      this.summary.hidden = true;
      this.summary.textContent = "";
      this.outputs.clear();
      this.shown = "";
      this.messages.replaceChildren(...this.pristine.map((node) => node.cloneNode(true)));
      if (this.exampleNote) this.exampleNote.hidden = false;
      shared.showNotes(this.root, this.id, this.meta, this.strings);
      this.notice = this.text(everywhere ? "cleared_all" : "cleared");
      this.setStatus();
    }
  }

  // A full storage, as opposed to one the browser does not allow (private
  // windows, blocked site data), which throws a SecurityError or the like.
  function storageFull(error) {
    return Boolean(error) && (error.name === "QuotaExceededError" || error.name === "NS_ERROR_DOM_QUOTA_REACHED");
  }

  // The phone's "Show my messages" and "Back to the form" links. Without
  // JavaScript they are plain anchors; here they scroll and move the focus
  // themselves, because Material's instant navigation (started late on a
  // worksheet page) may put a same-page jump back to the old scroll offset.
  // Once Material runs, it has made every href absolute, so the link is
  // matched by its place and its address, not by an href that starts with "#".
  function jump(event) {
    const link = event.target.closest && event.target.closest(".ws-jump a[href]");
    const here = link && link.hash && link.origin + link.pathname === location.origin + location.pathname;
    const target = here && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    event.stopPropagation();
    target.scrollIntoView({ block: "start" });
    const focusable = target.matches("a, [tabindex]") ? target : target.querySelector("a");
    if (focusable) focusable.focus({ preventScroll: true });
  }

  // What "Share…" hands to the system's share sheet: the text, the subject as its title.
  function shareData(output) {
    return output.subject ? { title: output.subject, text: output.body } : { text: output.body };
  }

  function selectText(element) {
    if (!element) return;
    const range = document.createRange();
    range.selectNodeContents(element);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function download(name, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function init() {
    for (const form of document.querySelectorAll("form[data-worksheet]")) {
      if (form.dataset.wsBound) continue;
      form.dataset.wsBound = "true";
      new Worksheet(form);
    }
  }

  // Instant navigation does not fire pagehide; input events already saved.
  window.addEventListener("pagehide", () => {
    for (const sheet of engine.sheets) if (sheet.dirty && sheet.form.isConnected) sheet.saveDraft();
  });

  // Start Python at once: the form is already in the page when this script
  // runs, and every millisecond of the boot counts.
  const first = document.querySelector("form[data-worksheet][data-runtime]");
  if (first) startEngine(new URL(first.dataset.runtime, location.href));

  window.siteEveryPage(init);
})();
