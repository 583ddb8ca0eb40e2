// Prepares the runtime's two large inputs on a thread of its own, so that
// the engine worker meanwhile loads Pyodide's scripts and builds its module:
// it compiles the wasm (served brotli'd, unpacked on its way into the
// compiler) and unpacks the Pyodide memory snapshot (brotli'd too). Started from the page's
// <head> (macros/worksheet_boot.js) next to the engine, or else by the engine
// itself. The addresses come after "#" in this worker's own address, so the
// downloads start at once; the results go to the port that a message brings
// (the module is shared, the bytes are transferred, not copied), and then the
// worker ends.
//
// Address:             unpack-worker.mjs#wasm=<pyodide.asm.wasm.br URL>&url=<snapshot URL>&parts=<number of parts>
//                      &decoder=<brotli_dec_wasm.js URL>&cache=<the service worker's cache prefix>&version=<the runtime's version>
// Page -> this worker: {port}
// This worker -> port: {module} or {moduleError}, then {bytes, brotli} or {error}
//                      (brotli: how the snapshot was unpacked, "native", "wasm" or "plain";
//                      "stored" when it came unpacked from the service worker's cache)
// Port -> this worker: "received" (both read), "started" (the engine's start is over: keep the copies now)

const MAGIC = "WSSNAP02";
const WASM_MAGIC = "\0asm";
const HEADER = 24;
const CLOSE_WAIT_MS = 10000;
const DECODED_CHUNK = 1 << 20; // bytes the wasm decoder writes per call
const NEEDS_MORE_OUTPUT = 3; // brotli-dec-wasm's BrotliStreamResultCode
const SUCCESS = 1;

// The wasm decoder, instantiated once for both streams: each instantiation
// replaces the module's instance, and a stream made with the first one then
// reads the second one's memory (corrupt data, in Chromium via the service worker).
let decoderLoaded = null;
function decoderModule(url) {
  return (decoderLoaded ||= import(url).then(async (module) => {
    await module.default();
    return module;
  }));
}

// Brotli, in the browser's own DecompressionStream where it has one (Firefox),
// else in npm's brotli-dec-wasm (Chromium 156 has no "brotli" there), loaded
// only then. A stream that already starts with `magic` was unpacked on its
// way (a host that sent the file with Content-Encoding: br) and passes as it is.
const decodedBy = {}; // per stream: "native", "wasm" or "plain"

function unbrotli(decoderURL, magic) {
  let native = null;
  try {
    native = new DecompressionStream("brotli");
  } catch {
    // no brotli in this browser's DecompressionStream
  }
  let decoder = null; // the wasm decoder's stream, once loaded
  let writer = null; // the native stream's input
  let reading = null; // the native stream's output, forwarded
  let mode = null; // "plain", "native" or "wasm", from the first chunk
  let finished = false;
  const start = (chunk, controller) => {
    const head = new TextDecoder("latin1").decode(chunk.subarray(0, magic.length));
    if (head === magic) return "plain";
    if (!native) return "wasm";
    writer = native.writable.getWriter();
    reading = (async () => {
      const reader = native.readable.getReader();
      for (let part = await reader.read(); !part.done; part = await reader.read()) controller.enqueue(part.value);
    })();
    reading.catch(() => {}); // its failure is the writer's too, and flush's
    return "native";
  };
  const load = () => (decoder ||= decoderModule(decoderURL).then((module) => new module.BrotliDecStream()));
  if (!native && decoderURL) load(); // at once: it downloads beside the data (none for a kept copy)
  return new TransformStream({
    async transform(chunk, controller) {
      mode ||= decodedBy[magic] = start(chunk, controller);
      if (mode === "plain") return controller.enqueue(chunk);
      if (mode === "native") return writer.write(chunk);
      const stream = await load();
      for (let input = chunk; ; ) {
        const result = stream.dec(input, DECODED_CHUNK);
        const { code, buf } = result;
        const used = result.input_offset;
        result.free();
        if (buf.length) controller.enqueue(buf);
        finished = code === SUCCESS;
        if (code !== NEEDS_MORE_OUTPUT) break;
        input = input.subarray(used);
      }
    },
    async flush() {
      if (mode === "native") {
        await writer.close();
        await reading;
      } else if (mode === "wasm" && !finished) {
        throw new Error("brotli: the data ends before its stream does");
      } else if (!mode) {
        throw new Error("brotli: no data");
      }
    },
  });
}

// The file (macros/snapshot_format.py): a header with two page maps, then the
// data of the pages that need any, brotli'd. They are placed straight into a
// buffer of the full size as they arrive; the other pages stay zero. The
// pages of the second map are differences to the wasm's data segments:
// wasmDataPatch applies them, as early as it can.
async function unpack(url, parts, decoderURL, stored, packed, after, image) {
  let data = null; // the wasm's data, once there
  image.then((bytes) => (data = bytes)).catch(() => {}); // its failure is awaited below
  const hit = await stored;
  const source = hit ? hit.body : joined(url, parts, after);
  const reader = source.pipeThrough(unbrotli(hit ? null : decoderURL, MAGIC)).getReader();
  let head = new Uint8Array(0); // the header, until it is complete
  let memory = null;
  let header = null;
  let pages = []; // offsets of the pages whose data follows
  let pageSize = 0;
  let page = 0; // index into pages
  let filled = 0; // bytes of the current page written
  let patch = null;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (decodedBy[MAGIC] === "wasm") packed.push(value); // kept for later visits (keepUnpacked)
    let chunk = value;
    if (!memory) {
      const joined = new Uint8Array(head.length + chunk.length);
      joined.set(head);
      joined.set(chunk, head.length);
      head = joined;
      header = readHeader(head);
      if (!header) continue;
      ({ pageSize, pages } = header);
      memory = new Uint8Array(header.size);
      patch = wasmDataPatch(memory, header);
      chunk = head.subarray(header.length);
    }
    for (let offset = 0; offset < chunk.length; ) {
      if (page >= pages.length) throw new Error("snapshot: more bytes than its page map lists");
      const length = Math.min(pageSize, memory.length - pages[page]) - filled;
      const take = Math.min(length, chunk.length - offset);
      memory.set(chunk.subarray(offset, offset + take), pages[page] + filled);
      offset += take;
      filled += take;
      if (take === length) {
        page += 1;
        filled = 0;
        if (data) patch.before(page < pages.length ? pages[page] : memory.length, data);
      }
    }
  }
  if (!memory || page !== pages.length) throw new Error("snapshot: cut short");
  patch.before(memory.length, await image);
  return memory;
}

// The memory the wasm's active data segments write, from the module's bytes
// (only Pyodide's form: memory 0, i32.const offsets; see snapshot_format.py).
function wasmDataImage(wasm) {
  let at = 8;
  const leb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = wasm[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < wasm.length) {
    const section = wasm[at++];
    const size = leb();
    if (section !== 11) {
      at += size;
      continue;
    }
    const segments = [];
    let end = 0;
    for (let count = leb(); count > 0; count--) {
      if (leb() !== 0 || wasm[at++] !== 0x41) throw new Error("wasm: data segment of an unknown form");
      const offset = leb();
      if (wasm[at++] !== 0x0b) throw new Error("wasm: data segment offset is not a constant");
      const length = leb();
      segments.push([offset, at, length]);
      at += length;
      end = Math.max(end, offset + length);
    }
    const image = new Uint8Array(end);
    for (const [offset, from, length] of segments) image.set(wasm.subarray(from, from + length), offset);
    return image;
  }
  return new Uint8Array(0);
}

const FNV_PRIME = 0x01000193;
const FNV_OFFSET = 0x811c9dc5;

// The differences (XOR) to the wasm's data, applied once the checksum says
// that it is the data the build packed against. before(end, image) applies
// them to the pages that start before `end` and are not done yet: the
// unpacking calls it as pages are filled, once the wasm (which comes first)
// is read, so that little is left for after the snapshot's last byte (all of
// it then took 22–32 ms at 9 Mbit/s).
function wasmDataPatch(memory, header) {
  const { pageSize, offset, delta } = header;
  let base = null; // the wasm's data, in the snapshot's places, as 32-bit words
  let done = 0; // index into delta: the pages before it are patched
  const words = (start) => (Math.min(start + pageSize, memory.length) - start) >> 2;
  const prepare = (image) => {
    const padded = new Uint8Array(Math.ceil((image.length + offset + pageSize) / pageSize) * pageSize);
    padded.set(image, offset); // Pyodide's header has zeros before it
    base = new Uint32Array(padded.buffer);
    let hash = FNV_OFFSET;
    for (const start of delta) {
      for (let i = start >> 2, end = i + words(start); i < end; i++) hash = Math.imul(hash ^ (base[i] || 0), FNV_PRIME) >>> 0;
    }
    if (hash !== header.checksum) throw new Error("snapshot: packed against another wasm's data");
  };
  const target = new Uint32Array(memory.buffer, memory.byteOffset, memory.length >> 2);
  return {
    before(end, image) {
      if (done === delta.length || delta[done] >= end) return;
      if (!base) prepare(image);
      for (; done < delta.length && delta[done] < end; done++) {
        const start = delta[done];
        for (let i = start >> 2, stop = i + words(start); i < stop; i++) target[i] ^= base[i] || 0;
      }
    },
  };
}

// The brotli'd file is served cut into parts (<url>.1, <url>.2, …; see
// macros/runtime.py for why); all are requested at once, once `after` has
// settled, and read in order.
function joined(url, parts, after) {
  const requested = after.then(() =>
    Array.from({ length: Math.max(1, parts) }, (_, index) => fetch(`${url}.${index + 1}`)),
  );
  return new ReadableStream({
    async start(controller) {
      try {
        const downloads = await requested;
        for (const download of downloads) download.catch(() => {}); // reported in order below
        for (const download of downloads) {
          const response = await download;
          if (!response.ok) throw new Error(response.status + " " + response.url);
          const reader = response.body.getReader();
          for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) controller.enqueue(chunk.value);
        }
        controller.close();
      } catch (error) {
        controller.error(error);
      }
    },
  });
}

// Magic, page size, full size, offset, checksum, page maps; null while more bytes are needed.
function readHeader(bytes) {
  if (bytes.length < HEADER) return null;
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw new Error("snapshot: unknown format");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pageSize = view.getUint32(8, true);
  const size = view.getUint32(12, true);
  if (pageSize === 0) throw new Error("snapshot: page size 0");
  const count = Math.ceil(size / pageSize);
  const mapSize = Math.ceil(count / 8);
  const length = HEADER + 2 * mapSize;
  if (bytes.length < length) return null;
  const pages = [];
  const delta = [];
  for (let index = 0; index < count; index++) {
    if ((bytes[HEADER + (index >> 3)] >> (index & 7)) & 1) pages.push(index * pageSize);
    if ((bytes[HEADER + mapSize + (index >> 3)] >> (index & 7)) & 1) delta.push(index * pageSize);
  }
  return { pageSize, size, pages, delta, length, offset: view.getUint32(16, true), checksum: view.getUint32(20, true) };
}

// Firefox reports a stream that fails inside a Response being read (a
// download broken off) to the page as an uncaught error, besides rejecting.
// So the compiler's stream ends instead, and its failure is the stream's.
function endingOnError(stream, failure) {
  const reader = stream.getReader();
  return new ReadableStream({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        failure.error = error;
        controller.close();
      }
    },
  });
}

// All of a stream's bytes, read here (not through a Response: see above).
async function readAll(stream) {
  const chunks = [];
  let length = 0;
  const reader = stream.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    chunks.push(chunk.value);
    length += chunk.value.length;
  }
  const bytes = new Uint8Array(length);
  for (let at = 0, index = 0; index < chunks.length; at += chunks[index].length, index++) bytes.set(chunks[index], at);
  return bytes.buffer;
}

// The snapshot is not downloaded beside the wasm but after it. Sharing the
// link, both ended together, and then the engine still had to build Pyodide's
// module from the compiled wasm (0.15–0.25 s at 9 Mbit/s, macros/STARTUP.md) before it
// could restore the snapshot. With the wasm first, the module is built while
// the snapshot downloads. The snapshot is requested a little before the wasm
// ends, so that the link does not idle while the request travels: when what
// is left of the wasm, at the rate so far, would take less than LEAD times
// the wait for a first byte (which includes any new connection).
const LEAD = 1.5;
const RATE_SPAN_MS = 100; // at least this long, so that a burst of bytes that waited is over

// That wait, as this worker's requests met it: the wasm's own, or, if more,
// the shortest of the others' so far (one that queued in the browser says
// more about the browser than about the way to the host). In Chromium the
// wasm's fetch joins the page's preload (worksheet_boot.js) and gets its
// first bytes at once; by that alone the snapshot was asked for only at the
// wasm's end, and at 9 Mbit/s the link idled for a round trip before its
// first byte came.
function firstByteWait(own, url) {
  const waits = performance
    .getEntriesByType("resource")
    .filter((entry) => entry.name !== url && entry.responseStart > 0)
    .map((entry) => entry.responseStart - entry.startTime);
  return waits.length ? Math.max(own, Math.min(...waits)) : own;
}

function gate() {
  let open;
  const promise = new Promise((resolve) => (open = resolve));
  return { promise, open };
}

// `response`'s body, opening `nearlyDone` as described above (at once when its
// length is unknown, or is not what the body gives: a host's Content-Encoding).
function timed(response, askedAt, nearlyDone) {
  const total = Number(response.headers.get("content-length"));
  if (!(total > 0) || response.headers.get("content-encoding")) {
    nearlyDone.open();
    return response.body;
  }
  const began = performance.now();
  const own = began - askedAt;
  let received = 0;
  let mark = null; // the time and the bytes so far, one first byte's wait after the start
  // No backpressure from the decoder and the compiler behind it, so that chunks are timed as they
  // arrive, not as they are taken (until the wasm decoder has loaded, they wait, then go in a burst).
  const timing = new TransformStream(
    {
      transform(chunk, controller) {
        received += chunk.length;
        const now = performance.now();
        const firstByte = firstByteWait(own, response.url);
        const span = Math.max(firstByte, RATE_SPAN_MS);
        // The rate counts from one span after the start (what came before may have waited in the
        // HTTP cache: the preload's download so far), once measured for as long again.
        if (!mark) {
          if (now - began >= span) mark = { at: now, received };
        } else if (now - mark.at >= span) {
          const rate = (received - mark.received) / (now - mark.at);
          if (rate > 0 && (total - received) / rate <= LEAD * firstByte) nearlyDone.open();
        }
        controller.enqueue(chunk);
      },
      flush: () => nearlyDone.open(),
    },
    undefined,
    { highWaterMark: Infinity },
  );
  return response.body.pipeThrough(timing);
}

// The wasm is unpacked once: one copy of the stream goes to the compiler, the
// other is read for the data segments the snapshot's differences need.
function compile(url, decoderURL, stored, nearlyDone) {
  const wasm = stored.then(async (hit) => {
    const askedAt = performance.now();
    const response = hit || (await fetch(url));
    if (!response.ok) throw new Error(response.status + " " + url);
    const body = hit ? response.body : timed(response, askedAt, nearlyDone);
    return body.pipeThrough(unbrotli(hit ? null : decoderURL, WASM_MAGIC)).tee();
  });
  const module = wasm.then(([stream]) => {
    const failure = {};
    const body = endingOnError(stream, failure);
    return WebAssembly.compileStreaming(new Response(body, { headers: { "content-type": "application/wasm" } })).then(
      (compiled) => {
        if (failure.error) throw failure.error;
        return compiled;
      },
      (error) => {
        throw failure.error || error;
      },
    );
  });
  // With the brotli'd wasm broken, Pyodide compiles the plain one (worksheet-worker.mjs): read that.
  const plain = () => fetch(url.replace(/\.br$/, "")).then((response) => readAll(response.body));
  const bytes = wasm.then(([, copy]) => readAll(copy)).catch(plain);
  return { module, bytes, image: bytes.then((buffer) => wasmDataImage(new Uint8Array(buffer))) };
}

// Unpacking brotli with the wasm decoder costs every visit 0.1–0.3 s
// (Chromium, WebKit; bench/README.md). So the unpacked wasm and the packed
// snapshot are put into this build's cache of the service worker, under
// addresses nobody else asks for, and later visits read them from there as
// they are (unbrotli passes a stream that starts with its file's own first
// bytes). On a first visit that cache does not exist yet (the service worker
// makes it some seconds after "ready") and is made here, unless another
// build's cache is there: then this page is of an older build, whose cache
// the newer one has deleted. A new build's service worker deletes it with the
// rest. Best effort throughout: without it, a visit unpacks as before.
const storeKeys = (snapshotURL) => [snapshotURL + "?unpacked-wasm", snapshotURL + "?unpacked"];

async function ownCache(prefix, name, make = false) {
  const names = await caches.keys();
  if (names.includes(name)) return caches.open(name);
  return make && !names.some((key) => key.startsWith(prefix)) ? caches.open(name) : null;
}

async function fromStore(prefix, name, snapshotURL) {
  try {
    const cache = await ownCache(prefix, name);
    if (!cache) return null;
    const [wasm, snapshot] = await Promise.all(storeKeys(snapshotURL).map((key) => cache.match(key)));
    return wasm && snapshot ? { wasm, snapshot } : null;
  } catch {
    return null;
  }
}

// One after the other: put at once, a page left just after its first answer
// kept both, but Material's start beside the puts made the page's longest
// task longer (bench/README.md, 2026-12-08).
async function keepUnpacked(prefix, name, snapshotURL, wasm, packed) {
  const cache = await ownCache(prefix, name, true);
  if (!cache) return;
  const [wasmKey, snapshotKey] = storeKeys(snapshotURL);
  await cache.put(wasmKey, new Response(wasm));
  await cache.put(snapshotKey, new Response(new Blob(packed)));
}

async function forgetUnpacked(prefix, name, snapshotURL) {
  const cache = await ownCache(prefix, name);
  if (cache) await Promise.all(storeKeys(snapshotURL).map((key) => cache.delete(key)));
}

const config = new URLSearchParams(self.location.hash.slice(1));
const decoderURL = config.get("decoder");
const prefix = config.get("cache");
const cacheName = prefix + config.get("version"); // the service worker's CACHE
const snapshotURL = config.get("url");
const stored = prefix && self.caches ? fromStore(prefix, cacheName, snapshotURL) : Promise.resolve(null);
const packed = []; // the snapshot's stream as the wasm decoder unpacked it
const wasmNearlyDone = gate();
const { module, bytes: wasmBytes, image } = compile(
  config.get("wasm"),
  decoderURL,
  stored.then((hit) => hit && hit.wasm),
  wasmNearlyDone,
);
module.catch(() => {}); // reported on the port
module.then(wasmNearlyDone.open, wasmNearlyDone.open); // and at once if the wasm failed (the kept copy needs no gate)
const storedSnapshot = stored.then((hit) => hit && hit.snapshot);
const parts = Number(config.get("parts"));
const snapshot = unpack(snapshotURL, parts, decoderURL, storedSnapshot, packed, wasmNearlyDone.promise, image);
snapshot.catch(() => {}); // reported on the port

self.addEventListener("message", async (event) => {
  const port = event.data && event.data.port;
  if (!port) return;
  const hit = await stored;
  let failed = false;
  try {
    port.postMessage({ module: await module });
  } catch (error) {
    failed = true;
    port.postMessage({ moduleError: String(error) });
  }
  try {
    const bytes = await snapshot;
    port.postMessage({ bytes, brotli: hit ? "stored" : decodedBy[MAGIC] }, [bytes.buffer]);
  } catch (error) {
    failed = true;
    port.postMessage({ error: String(error) });
  }
  // Keeping the copies (some 24 MB into the cache) while the engine restored
  // the snapshot made a first visit 0.06–0.1 s slower (README.md), so it
  // waits for the engine's word that its first answer is out ("started"), or
  // CLOSE_WAIT_MS at most.
  const keep = !hit && !failed && decodedBy[MAGIC] === "wasm" && decodedBy[WASM_MAGIC] === "wasm";
  const started = new Promise((resolve) => {
    port.addEventListener("message", (message) => message.data === "started" && resolve());
    setTimeout(resolve, CLOSE_WAIT_MS);
  });
  let storing = Promise.resolve();
  if (hit && failed) {
    storing = forgetUnpacked(prefix, cacheName, snapshotURL).catch(() => {}); // what was kept is no good: unpack next time
  } else if (keep) {
    storing = Promise.all([wasmBytes, started])
      .then(([wasm]) => keepUnpacked(prefix, cacheName, snapshotURL, wasm, packed))
      .catch(() => {})
      .finally(() => (packed.length = 0));
  }
  // Closed once the engine says it has read both messages (Firefox cannot read
  // a compiled module whose sender has closed) and anything to keep is kept,
  // or after CLOSE_WAIT_MS. Not in the task of that word: Chromium reports a
  // download's end to the browser a moment after its last bytes reach us, and
  // a worker that closes first leaves that request open (and then aborted) in
  // the page's network log.
  const close = () => storing.finally(() => setTimeout(() => self.close(), 0));
  port.addEventListener("message", (message) => message.data === "received" && close());
  port.start();
  setTimeout(close, CLOSE_WAIT_MS);
});
