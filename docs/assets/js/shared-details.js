// Details typed once: the fields that mean the same thing in several
// worksheets (marked data-shared="<unit>" by macros/forms.py) travel between
// the worksheets' drafts in localStorage, the store the drafts already use.
//
// No second store: a draft records, per shared unit, when it was last set
// and in which worksheet ({units: {contact: {at, from}}}), and which units
// the reader keeps for that worksheet only ({own: ["contact"]}). A page takes
// each of its units from the draft that set it last. The values are strings
// moved as they are; Python validates them in the sheet that uses them.
// Also here: the overview page's list of worksheets with entries, and the
// hand-off from one worksheet to another (a ranked contact to the request).
(() => {
  "use strict";

  // The drafts' storage key, from the build's contract (macros/contract.py), which is
  // inline in the <head> of every page with a worksheet or the overview.
  // Parsed once per page: instant navigation brings a new holder.
  let prefix = "";
  let prefixHolder = null;
  function draftPrefix() {
    const holder = document.getElementById("worksheet-contract");
    if (holder && holder !== prefixHolder) {
      prefix = JSON.parse(holder.textContent).storage.draftPrefix;
      prefixHolder = holder;
    }
    if (!prefix) throw new Error("shared-details.js: this page has no #worksheet-contract (macros/contract.py)");
    return prefix;
  }

  function storage() {
    try {
      return window.localStorage;
    } catch {
      return null; // storage disabled
    }
  }

  function hasContent(value) {
    return value !== "" && value !== false && value != null;
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  // The draft of one worksheet, or null (none, unreadable, storage disabled).
  function readDraft(sheet) {
    try {
      const draft = JSON.parse(storage()?.getItem(draftPrefix() + sheet) ?? "null");
      return isObject(draft) && isObject(draft.values) ? draft : null;
    } catch {
      return null;
    }
  }

  // Every worksheet's current draft (not the ones set aside, "<prefix><id>:v1").
  function drafts() {
    const found = new Map();
    const store = storage();
    if (!store) return found;
    let keys = [];
    try {
      keys = Object.keys(store);
    } catch {
      return found;
    }
    const start = draftPrefix();
    for (const key of keys) {
      if (!key.startsWith(start) || key.includes(":", start.length)) continue;
      const sheet = key.slice(start.length);
      const draft = readDraft(sheet);
      if (draft) found.set(sheet, draft);
    }
    return found;
  }

  // When and where each unit of a draft was set. Drafts from before shared
  // details have no record: their filled units count as set when saved, there.
  function unitsOf(draft, sheet, names) {
    if (isObject(draft.units)) return draft.units;
    const units = {};
    for (const [unit, fields] of names) {
      if (fields.some((name) => hasContent(draft.values[name]))) units[unit] = { at: Number(draft.saved) || 0, from: sheet };
    }
    return units;
  }

  // The form's shared units: unit -> names of its fields.
  function formUnits(form) {
    const units = new Map();
    for (const wrapper of form.querySelectorAll("[data-shared]")) {
      const name = wrapper.dataset.field;
      if (!name) continue;
      if (!units.has(wrapper.dataset.shared)) units.set(wrapper.dataset.shared, []);
      units.get(wrapper.dataset.shared).push(name);
    }
    return units;
  }

  function unitOf(control) {
    const wrapper = control.closest && control.closest("[data-shared]");
    return wrapper ? wrapper.dataset.shared : "";
  }

  // The meta data a worksheet keeps beside its values, read from its draft.
  function meta(draft, sheet, form) {
    if (!draft) return { units: {}, own: [], next: null };
    const own = Array.isArray(draft.own) ? draft.own.filter((unit) => typeof unit === "string") : [];
    return { units: { ...unitsOf(draft, sheet, formUnits(form)) }, own, next: isObject(draft.next) ? draft.next : null };
  }

  // The latest values of a unit in the reader's other worksheets, or null.
  // A unit kept for one worksheet only is not offered to the others, and an
  // emptied one is not either: emptying a field never empties it elsewhere.
  function freshest(unit, names, sheet) {
    let best = null;
    for (const [other, draft] of drafts()) {
      if (other === sheet || (Array.isArray(draft.own) && draft.own.includes(unit))) continue;
      const record = unitsOf(draft, other, new Map([[unit, names]]))[unit];
      if (!isObject(record)) continue;
      const values = {};
      for (const name of names) if (Object.hasOwn(draft.values, name)) values[name] = draft.values[name];
      if (!Object.values(values).some(hasContent)) continue;
      const at = Number(record.at) || 0;
      if (!best || at > best.at) best = { at, from: String(record.from || other), values };
    }
    return best;
  }

  // Values of the form's linked units that another worksheet set later than
  // this one: {values, units}, or null when there is nothing newer.
  function take(sheet, form, state, units = formUnits(form)) {
    const values = {};
    const taken = {};
    for (const [unit, names] of units) {
      if (state.own.includes(unit)) continue;
      const found = freshest(unit, names, sheet);
      const mine = isObject(state.units[unit]) ? Number(state.units[unit].at) || 0 : 0;
      if (!found || found.at <= mine) continue;
      Object.assign(values, found.values);
      taken[unit] = { at: found.at, from: found.from };
    }
    return Object.keys(taken).length ? { values, units: taken } : null;
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, (match, key) => (key in values ? String(values[key]) : match));
  }

  // The note by each shared unit: where its values came from, or that they
  // are kept for this worksheet only; with the button that switches.
  function showNotes(root, sheet, state, strings) {
    const form = root.querySelector("form[data-worksheet]");
    for (const note of root.querySelectorAll("[data-shared-note]")) {
      const unit = note.dataset.sharedNote;
      const record = state.units[unit];
      const names = formUnits(form).get(unit) || [];
      const filled = names.some((name) => {
        const control = form.elements.namedItem(name);
        return control && "value" in control && control.value !== "";
      });
      let text = "";
      let button = "";
      if (state.own.includes(unit)) {
        text = strings.shared_own;
        button = strings.shared_attach;
      } else if (isObject(record) && record.from && record.from !== sheet && filled) {
        text = fill(strings.shared_from || "", { sheet: strings["sheet:" + record.from] || record.from });
        button = strings.shared_detach;
      }
      const label = note.querySelector("[data-shared-note-text]");
      const toggle = note.querySelector("[data-action=shared-toggle]");
      if (label && label.textContent !== text) label.textContent = text || "";
      if (toggle && toggle.textContent !== button) toggle.textContent = button || "";
      note.hidden = !text;
    }
  }

  // Opens another worksheet with values from this one (a ranked contact in
  // the introduction request): the values go into that worksheet's draft,
  // marked as set now from here, so they win over older ones.
  function handOff(data, from) {
    const store = storage();
    if (!store || !isObject(data) || typeof data.sheet !== "string" || !isObject(data.values)) return false;
    const now = Date.now();
    const old = readDraft(data.sheet);
    const draft = old && old.version === data.version ? old : { version: data.version, values: {} };
    const units = isObject(draft.units) ? draft.units : {};
    const handed = Array.isArray(data.units) ? data.units : [];
    for (const unit of handed) units[unit] = { at: now, from };
    const own = Array.isArray(draft.own) ? draft.own.filter((unit) => !handed.includes(unit)) : [];
    const next = { ...draft, values: { ...draft.values, ...data.values }, units, own, saved: now };
    try {
      if (old && old !== draft) store.setItem(`${draftPrefix()}${data.sheet}:v${old.version}`, JSON.stringify(old));
      store.setItem(draftPrefix() + data.sheet, JSON.stringify(next));
      return true;
    } catch {
      return false;
    }
  }

  // Deletes every worksheet's draft (also the ones set aside).
  function clearAll() {
    const store = storage();
    if (!store) return;
    try {
      const start = draftPrefix();
      for (const key of Object.keys(store)) if (key.startsWith(start)) store.removeItem(key);
    } catch {
      // storage disabled: nothing was saved
    }
  }

  // The overview page: which worksheets have entries on this device, and the
  // next step that Python worked out when the reader last used them. Shown
  // from the drafts alone: the page starts no Python.
  function overview(section) {
    let strings = {};
    try {
      strings = JSON.parse(section.dataset.wsStrings || "{}");
    } catch {
      return;
    }
    const locale = section.dataset.locale || document.documentElement.lang;
    const found = drafts();
    let next = null;
    for (const item of section.querySelectorAll("[data-sheet]")) {
      const draft = found.get(item.dataset.sheet);
      const state = item.querySelector("[data-sheet-state]");
      const entries = draft && Object.values(draft.values).some((value) => (Array.isArray(value) ? value.length : hasContent(value)));
      item.dataset.entries = entries ? "yes" : "no";
      if (state) {
        const saved = entries && Number(draft.saved) ? new Date(Number(draft.saved)) : null;
        const day = saved ? saved.toLocaleDateString(locale, { day: "numeric", month: "long", year: "numeric" }) : "";
        state.textContent = entries ? fill(strings.entries || "", { date: day }) : strings.no_entries || "";
      }
      // The step of the furthest worksheet along the article's sequence wins.
      const text = entries && isObject(draft.next) ? draft.next[locale] : "";
      if (typeof text === "string" && text) next = { text, sheet: item.dataset.sheet };
    }
    const step = section.querySelector("[data-next-step]");
    const stepText = section.querySelector("[data-next-step-text]");
    const link = section.querySelector("[data-next-step-link]");
    if (step && stepText) {
      stepText.textContent = next ? next.text : strings.no_step || "";
      if (link) {
        const target = next && section.querySelector(`[data-sheet="${CSS.escape(next.sheet)}"] a`);
        link.hidden = !target;
        if (target) {
          link.href = target.getAttribute("href");
          link.textContent = fill(strings.open || "", { sheet: strings["sheet:" + next.sheet] || next.sheet });
        }
      }
    }
    const clear = section.querySelector("[data-action=clear-all]");
    if (clear) clear.hidden = found.size === 0;
    section.hidden = false;
  }

  function overviews() {
    for (const section of document.querySelectorAll("[data-ws-overview]")) {
      overview(section);
      if (section.dataset.wsBound) continue;
      section.dataset.wsBound = "true";
      section.querySelector("[data-action=clear-all]")?.addEventListener("click", () => {
        let strings = {};
        try {
          strings = JSON.parse(section.dataset.wsStrings || "{}");
        } catch {
          // no texts: nothing to ask with
        }
        if (!window.confirm(strings.confirm_clear_all || "")) return;
        clearAll();
        overview(section);
        const status = section.querySelector("[data-overview-status]");
        if (status) status.textContent = strings.cleared_all || "";
      });
    }
  }

  window.worksheetShared = { formUnits, unitOf, meta, take, showNotes, handOff, clearAll };
  if (window.siteEveryPage) window.siteEveryPage(overviews);
  // A page restored from the back/forward cache shows the state of its last visit.
  window.addEventListener("pageshow", (event) => event.persisted && overviews());
})();
