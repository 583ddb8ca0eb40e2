// Fetches and unpacks the Pyodide memory snapshot on a thread of its own, so
// the engine worker meanwhile compiles the wasm and loads Pyodide's scripts.
// Started from the page's <head> (macros/worksheet_boot.js) next to the
// engine, or else by the engine itself; answers on the port it is given,
// with the bytes (transferred, not copied) or an error, and then ends.
//
// Page -> this worker: {url, size, port}   (size: unpacked bytes, from the manifest)
// This worker -> port: {bytes} or {error}

async function unpack(url, size) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(response.status + " " + url);
  // The size is known, so the bytes go straight into one buffer as they arrive.
  const reader = response.body.pipeThrough(new DecompressionStream("gzip")).getReader();
  let bytes = new Uint8Array(size > 0 ? size : 0);
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (length + value.length > bytes.length) {
      const grown = new Uint8Array(Math.max(2 * bytes.length, length + value.length));
      grown.set(bytes.subarray(0, length));
      bytes = grown;
    }
    bytes.set(value, length);
    length += value.length;
  }
  return length === bytes.length ? bytes : bytes.slice(0, length);
}

self.addEventListener("message", async (event) => {
  const { url, size, port } = event.data || {};
  if (!port) return;
  try {
    const bytes = await unpack(url, size);
    port.postMessage({ bytes }, [bytes.buffer]);
  } catch (error) {
    port.postMessage({ error: String(error) });
  }
  self.close();
});
