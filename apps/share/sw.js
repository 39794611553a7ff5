// The share app's service worker: turns a download that streams over WebRTC into an ordinary browser
// download, written to the user's Downloads folder as it arrives (for browsers without showSaveFilePicker).
// The page posts {t: 'download', key, name, size, type, port}; the port's other end is weft.js's file
// worker (portSink), which sends {data: ArrayBuffer}..., then {done: true} once the SHA-256 matched, or
// {error} (the download then fails in the browser: a damaged file never completes). A hidden iframe then
// navigates to /share/dl/<key>, which this worker answers with the stream. It reports {took: bytes} as the
// download consumes data, so the sender never runs far ahead of the disk.

const HIGH_WATER = 1024 * 1024;
/** Downloads announced but not yet fetched, by key; dropped if not fetched within a minute. */
const pending = new Map();

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (ev) => ev.waitUntil(self.clients.claim()));

self.addEventListener('message', (ev) => {
  const m = ev.data;
  if (!m || m.t !== 'download' || typeof m.key !== 'string' || !(m.port instanceof MessagePort)) return;
  pending.set(m.key, { stream: streamFrom(m.port), name: String(m.name), size: Number(m.size), type: String(m.type || '') });
  setTimeout(() => pending.delete(m.key), 60000);
  ev.source?.postMessage({ t: 'download-ready', key: m.key });
});

self.addEventListener('fetch', (ev) => {
  const url = new URL(ev.request.url);
  const match = url.pathname.match(/\/share\/dl\/([A-Za-z0-9_-]{1,64})$/);
  if (!match) return;
  const d = pending.get(match[1]);
  pending.delete(match[1]);
  if (!d) {
    ev.respondWith(new Response('this download is no longer available', { status: 404 }));
    return;
  }
  ev.respondWith(new Response(d.stream, {
    headers: {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(d.size),
      // RFC 6266 section 4.3: filename* carries the UTF-8 name; filename is an ASCII fallback
      'Content-Disposition': `attachment; filename="${d.name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(d.name)}`,
      'X-Content-Type-Options': 'nosniff',
    },
  }));
});

/** A byte stream fed by the port; reports consumption back. */
function streamFrom(port) {
  let enqueued = 0;
  let controller;
  const report = () => port.postMessage({ took: enqueued - Math.max(0, HIGH_WATER - (controller.desiredSize ?? 0)) });
  const stream = new ReadableStream({
    start(c) {
      controller = c;
      port.onmessage = (ev) => {
        const m = ev.data;
        if (m.data instanceof ArrayBuffer) {
          controller.enqueue(new Uint8Array(m.data));
          enqueued += m.data.byteLength;
          report();
        } else if (m.done) {
          controller.close();
          port.postMessage({ took: enqueued });
        } else if (m.error) {
          controller.error(new Error(m.error));
        }
      };
    },
    pull: () => report(),
    cancel: () => port.postMessage({ cancelled: true }),
  }, new ByteLengthQueuingStrategy({ highWaterMark: HIGH_WATER }));
  return stream;
}
