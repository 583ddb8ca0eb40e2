// The fast start, page side: everything in the page that exists only for speed
// (macros/STARTUP.md, items 2, 3 and 9). worksheet.js uses it when the
// build's contract says fastStart (the plugin's fast_start option); without it,
// worksheet.js starts a plain worker, takes its answers by postMessage and
// leaves Material alone. The head's starter
// (macros/worksheet_boot.js, inline because it must run before the page's
// scripts) starts the workers and holds Material's bundle; this file is the
// only reader of what it leaves on window.
(() => {
  "use strict";

  // A BroadcastChannel, or null in a browser without them.
  function openChannel(name) {
    return window.BroadcastChannel ? new BroadcastChannel(name) : null;
  }

  // Takes the workers the <head> started for this runtime (or will start once
  // the page's first frame is drawn): attach(worker, said) runs then, with what
  // the worker said before anyone listened; worker is null if they could not
  // start. Returns false when there is none to take (a page that instant
  // navigation brought, or another runtime): the caller starts its own.
  function adoptEarlyEngine(runtimeURL, attach) {
    const early = window.__worksheetEarlyEngine;
    window.__worksheetEarlyEngine = undefined;
    if (early && early.runtimeURL === runtimeURL.href) {
      early.adopt((worker) => attach(worker, worker ? early.release() : []));
      return true;
    }
    if (early) early.cancel();
    return false;
  }

  // Answers come back on a BroadcastChannel of this page's own. After a key
  // press, Chromium holds back a worker's ordinary messages until it has
  // drawn the next frame, so an answer Python had ready in 3 ms reached the
  // page after 12; a channel's messages are not held back. The name is
  // random, so no other tab of the site hears it. Returns the channel's name
  // for each run request, or "" without BroadcastChannel (answers then come
  // the ordinary way).
  let answers = null;
  function answerChannel(onResult) {
    if (!answers) {
      answers = openChannel("worksheet-answers:" + Math.random().toString(36).slice(2) + Date.now().toString(36));
      if (answers) answers.onmessage = (event) => event.data && event.data.type === "result" && onResult(event);
    }
    return answers ? answers.name : "";
  }

  // Called by worksheet.js whenever the engine's state changes or an answer
  // arrives: settled is true once Python is ready or has failed, busy while an
  // answer is still owed. On a worksheet page opened directly, Material's
  // bundle waits until Python has started and answered what the page asked
  // (macros/worksheet_boot.js): its long task then no longer slows the start.
  function engineChanged(settled, busy) {
    const material = window.__worksheetMaterial;
    if (!material || !settled || busy) return;
    window.__worksheetMaterial = undefined;
    // After the next frame, so that the first output is drawn before Material's work.
    requestAnimationFrame(() => setTimeout(material.start, 0));
  }

  window.worksheetFastStart = { adoptEarlyEngine, answerChannel, engineChanged };
})();
