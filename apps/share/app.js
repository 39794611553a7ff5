// Share files by link (seed 002), on weft.js: the page without a #id shares, the page with one receives.
// Files go straight from the sender's page to each receiver's; the node only relays the handshake.
import { ErrorCodes, Peer, protocol } from '/weft.js';
import { startReceiver } from './receive.js';
import { startSender } from './send.js';

const statusEl = /** @type {HTMLElement} */ (document.getElementById('status'));

/** Shows a state; errors carry their stable code in `data-code` and in the text. */
export function status(text, code = null) {
  statusEl.textContent = code ? `${code}: ${text}` : text;
  statusEl.classList.toggle('error', code !== null);
  if (code) statusEl.dataset.code = code;
  else delete statusEl.dataset.code;
}

async function main() {
  const target = decodeURIComponent(location.hash.slice(1));
  if (target === '') {
    const saved = JSON.parse(sessionStorage.getItem('weft.share.identity') ?? 'null');
    let peer;
    try {
      peer = await Peer.open(saved ?? {});
    } catch (e) {
      peer = await Peer.open(); // the saved id is held by another tab: take a new one
    }
    sessionStorage.setItem('weft.share.identity', JSON.stringify({ id: peer.id, token: peer.token }));
    startSender(peer, status);
    return;
  }
  if (!protocol.isValidId(target)) {
    status('this link is malformed: a share link ends in #<id> (letters, digits, - and _). Ask the sender for the link again.', ErrorCodes.INVALID_LINK);
    return;
  }
  const peer = await Peer.open();
  await startReceiver(peer, target, status);
}

window.addEventListener('hashchange', () => location.reload());
main().catch((e) => status(e?.message ?? String(e), e?.code ?? 'INTERNAL_ERROR'));
