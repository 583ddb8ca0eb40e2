// Prepares the runtime's two large inputs on a thread of its own, so that
// the engine worker meanwhile loads Pyodide's scripts and builds its module:
// it compiles the wasm (served gzipped, unpacked on its way into the
// compiler) and unpacks the Pyodide memory snapshot. Started from the page's
// <head> (macros/worksheet_boot.js) next to the engine, or else by the engine
// itself. The addresses come after "#" in this worker's own address, so the
// downloads start at once; the results go to the port that a message brings
// (the module is shared, the bytes are transferred, not copied), and then the
// worker ends.
//
// Address:             unpack-worker.mjs#wasm=<pyodide.asm.wasm.gz URL>&url=<snapshot URL>&parts=<number of parts>
// Page -> this worker: {port}
// This worker -> port: {module} or {moduleError}, then {bytes} or {error}

const MAGIC = "WSSNAP01";

// The file (macros/snapshot_format.py): a header with a page map, then only
// the memory pages that are not all zeros, gzipped. They are placed straight
// into a buffer of the full size as they arrive; the other pages stay zero.
async function unpack(url, parts) {
  const reader = joined(url, parts).pipeThrough(new DecompressionStream("gzip")).getReader();
  let head = new Uint8Array(0); // the header, until it is complete
  let memory = null;
  let pages = []; // offsets of the pages that follow
  let pageSize = 0;
  let page = 0; // index into pages
  let filled = 0; // bytes of the current page written
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    let chunk = value;
    if (!memory) {
      const joined = new Uint8Array(head.length + chunk.length);
      joined.set(head);
      joined.set(chunk, head.length);
      head = joined;
      const header = readHeader(head);
      if (!header) continue;
      ({ pageSize, pages } = header);
      memory = new Uint8Array(header.size);
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
      }
    }
  }
  if (!memory || page !== pages.length) throw new Error("snapshot: cut short");
  return memory;
}

// The gzipped file is served cut into parts (<url>.1, <url>.2, …; see
// macros/runtime.py for why); all are requested at once and read in order.
function joined(url, parts) {
  const downloads = Array.from({ length: Math.max(1, parts) }, (_, index) => fetch(`${url}.${index + 1}`));
  for (const download of downloads) download.catch(() => {}); // reported in order below
  return new ReadableStream({
    async start(controller) {
      try {
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

// Magic, page size, full size, page map; null while more bytes are needed.
function readHeader(bytes) {
  if (bytes.length < 16) return null;
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw new Error("snapshot: unknown format");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pageSize = view.getUint32(8, true);
  const size = view.getUint32(12, true);
  if (pageSize === 0) throw new Error("snapshot: page size 0");
  const count = Math.ceil(size / pageSize);
  const length = 16 + Math.ceil(count / 8);
  if (bytes.length < length) return null;
  const pages = [];
  for (let index = 0; index < count; index++) {
    if ((bytes[16 + (index >> 3)] >> (index & 7)) & 1) pages.push(index * pageSize);
  }
  return { pageSize, size, pages, length };
}

async function compile(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(response.status + " " + url);
  const unpacked = response.body.pipeThrough(new DecompressionStream("gzip"));
  return WebAssembly.compileStreaming(new Response(unpacked, { headers: { "content-type": "application/wasm" } }));
}

const config = new URLSearchParams(self.location.hash.slice(1));
const module = compile(config.get("wasm"));
module.catch(() => {}); // reported on the port
const snapshot = unpack(config.get("url"), Number(config.get("parts")));
snapshot.catch(() => {}); // reported on the port

self.addEventListener("message", async (event) => {
  const port = event.data && event.data.port;
  if (!port) return;
  try {
    port.postMessage({ module: await module });
  } catch (error) {
    port.postMessage({ moduleError: String(error) });
  }
  try {
    const bytes = await snapshot;
    port.postMessage({ bytes }, [bytes.buffer]);
  } catch (error) {
    port.postMessage({ error: String(error) });
  }
  self.close();
});
