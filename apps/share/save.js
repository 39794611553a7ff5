// Where the share app's receiver writes a file: the place the user picks (File System Access API), else a
// browser download streamed through the app's service worker (sw.js), else the origin-private file system
// with a Save link. Every path writes to disk as data arrives; none holds the file in memory.

let registration = null;

/**
 * 'picker' | 'stream' | 'opfs'. A page (or a test) may force one with `window.weftShareSave` set before the
 * app starts; an unusable forced mode falls back like a browser without it.
 * @returns {Promise<'picker'|'stream'|'opfs'>}
 */
export async function saveMode() {
  const forced = /** @type {any} */ (window).weftShareSave;
  if ((forced === undefined || forced === 'picker') && typeof (/** @type {any} */ (window).showSaveFilePicker) === 'function') return 'picker';
  if ((forced === undefined || forced === 'picker' || forced === 'stream') && navigator.serviceWorker && await registerWorker()) return 'stream';
  return 'opfs';
}

async function registerWorker() {
  try {
    registration = await navigator.serviceWorker.register('/share/sw.js', { scope: '/share/' });
    await navigator.serviceWorker.ready;
    // a worker kept alive while downloads stream (browsers stop idle service workers)
    setInterval(() => {
      if (active > 0) registration?.active?.postMessage({ t: 'ping' });
    }, 20000);
    return !!registration.active || !!(await navigator.serviceWorker.ready).active;
  } catch (e) {
    console.warn('share: no service worker, downloads stage in the browser first', e);
    return false;
  }
}

let active = 0;

/**
 * Starts a browser download of `file` fed through the service worker and returns the MessagePort that
 * feeds it (for weft.js's portSink).
 * @param {{name: string, size: number, type: string}} file
 * @returns {Promise<MessagePort>}
 */
export async function streamDownload(file) {
  const sw = (await navigator.serviceWorker.ready).active;
  const key = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
  const channel = new MessageChannel();
  const ready = new Promise((resolve) => {
    const on = (ev) => {
      if (ev.data?.t === 'download-ready' && ev.data.key === key) {
        navigator.serviceWorker.removeEventListener('message', on);
        resolve();
      }
    };
    navigator.serviceWorker.addEventListener('message', on);
  });
  const name = file.name.split('/').pop() || 'file';
  sw.postMessage({ t: 'download', key, name, size: file.size, type: file.type, port: channel.port1 }, [channel.port1]);
  await ready;
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.src = `/share/dl/${key}`;
  document.body.append(frame);
  active++;
  // the iframe is only the download's trigger; the browser's download goes on without it
  setTimeout(() => {
    frame.remove();
    active--;
  }, 60 * 60 * 1000);
  return channel.port2;
}
