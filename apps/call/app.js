// The 1:1 chat and video call app (seed 001), on weft.js. Whoever presses Connect first waits for the
// other; both may press at once. Text goes over a DataChannel; Call adds camera and microphone.
import { Peer } from '/weft.js';

const $ = (id) => /** @type {any} */ (document.getElementById(id));
const ui = {
  myName: $('my-name'), peerName: $('peer-name'), connect: $('connect'), status: $('status'),
  messages: $('messages'), chat: $('chat'), message: $('message'), send: $('send'),
  camera: $('camera'), microphone: $('microphone'), call: $('call'), hangup: $('hangup'),
  localVideo: $('local-video'), remoteVideo: $('remote-video'),
};

/** @type {import('/weft.js').Peer|null} */
let peer = null;
/** @type {any} */
let conn = null;
/** @type {any} */
let call = null;
let localStream = null;
let retryTimer = null;

ui.myName.value = localStorage.getItem('weft.call.myName') ?? '';

function status(text, error = false) {
  ui.status.textContent = text;
  ui.status.classList.toggle('error', error);
}

function addMessage(who, text) {
  const li = document.createElement('li');
  li.className = who === 'me' ? 'me' : 'them';
  li.textContent = `${who === 'me' ? 'me' : who}: ${text}`;
  ui.messages.append(li);
  ui.messages.scrollTop = ui.messages.scrollHeight;
}

function setChatReady(ready) {
  ui.message.disabled = !ready;
  ui.send.disabled = !ready;
  ui.call.disabled = !ready;
  ui.message.classList.toggle('ready', ready);
  ui.message.classList.toggle('waiting', !ready && peer !== null);
}

function adopt(c) {
  if (c.peer !== ui.peerName.value.trim()) return false;
  c.on('data', (d) => addMessage(c.peer, typeof d === 'string' ? d : `[${d.byteLength} bytes]`));
  c.on('close', () => {
    if (conn === c) {
      conn = null;
      setChatReady(false);
      status(`${c.peer} left. Press Connect to reconnect.`);
    }
  });
  if (!conn || conn.closed) {
    conn = c;
    clearTimeout(retryTimer);
    setChatReady(true);
    status(`Connected to ${c.peer}.`);
  }
  return true;
}

async function connectToPeer() {
  const target = ui.peerName.value.trim();
  if (!target || !peer || (conn && !conn.closed)) return;
  status(`Connecting to ${target}…`);
  try {
    adopt(await peer.connect(target, { label: 'chat' }));
  } catch (e) {
    if (conn && !conn.closed) return; // the other side's connection won
    if (e.code === 'PEER_UNAVAILABLE') {
      status(`Waiting for ${target} to come online and press Connect…`);
      retryTimer = setTimeout(connectToPeer, 3000);
    } else {
      status(`Could not connect to ${target}: ${e.message} (${e.code})`, true);
    }
  }
}

ui.connect.addEventListener('click', async () => {
  const me = ui.myName.value.trim();
  if (!me || !ui.peerName.value.trim()) {
    status('Enter both names first.', true);
    return;
  }
  localStorage.setItem('weft.call.myName', me);
  if (!peer || peer.closed || peer.id !== me) {
    peer?.close();
    status('Registering…');
    try {
      peer = await Peer.open({ id: me });
    } catch (e) {
      peer = null;
      status(e.code === 'ID_TAKEN' ? `The name ${me} is taken; choose another.` : `Cannot register: ${e.message} (${e.code})`, true);
      return;
    }
    peer.on('connection', (c) => adopt(c));
    peer.on('call', onIncomingCall);
    peer.on('disconnected', () => status('Signaling lost; reconnecting…'));
    peer.on('reconnected', () => status(conn ? `Connected to ${conn.peer}.` : 'Signaling back.'));
    peer.on('error', (e) => status(`${e.code}: ${e.message}`, true));
    ui.myName.disabled = true;
  }
  setChatReady(false);
  connectToPeer();
});

ui.chat.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const text = ui.message.value;
  if (!text || !conn) return;
  try {
    await conn.send(text);
    addMessage('me', text);
    ui.message.value = '';
  } catch (e) {
    status(`Not sent: ${e.message}`, true);
  }
});

// Devices: list cameras and microphones, with "off" choices (seed 001's Mic Off / Cam Off).
async function listDevices() {
  const devices = await navigator.mediaDevices.enumerateDevices();
  fill(ui.camera, devices.filter((d) => d.kind === 'videoinput'), 'Camera off');
  fill(ui.microphone, devices.filter((d) => d.kind === 'audioinput'), 'Microphone off');
}

function fill(select, devices, offLabel) {
  const current = select.value;
  select.replaceChildren();
  devices.forEach((d, i) => select.append(new Option(d.label || `${d.kind} ${i + 1}`, d.deviceId || `default-${i}`)));
  select.append(new Option(offLabel, 'off'));
  if ([...select.options].some((o) => o.value === current)) select.value = current;
}

async function getMedia() {
  const cam = ui.camera.value;
  const mic = ui.microphone.value;
  const video = cam === 'off' ? false : cam && !cam.startsWith('default-') ? { deviceId: { exact: cam } } : true;
  const audio = mic === 'off' ? false : mic && !mic.startsWith('default-') ? { deviceId: { exact: mic } } : true;
  if (!video && !audio) return new MediaStream();
  try {
    return await navigator.mediaDevices.getUserMedia({ video, audio });
  } catch (e) {
    if (video && audio) return navigator.mediaDevices.getUserMedia({ video, audio: false }); // seed: fall back to video only
    throw e;
  }
}

function showCall(c) {
  call = c;
  ui.hangup.disabled = false;
  ui.call.disabled = true;
  c.on('stream', (stream) => {
    ui.remoteVideo.srcObject = stream;
    status(`In a call with ${c.peer}.`);
  });
  c.on('close', () => {
    if (call !== c) return;
    call = null;
    ui.remoteVideo.srcObject = null;
    ui.hangup.disabled = true;
    ui.call.disabled = !conn;
    status(conn ? `Call ended. Still connected to ${conn.peer}.` : 'Call ended.');
  });
}

async function ensureLocalMedia() {
  if (!localStream) {
    localStream = await getMedia();
    ui.localVideo.srcObject = localStream;
    await listDevices().catch(() => {});
  }
  return localStream;
}

ui.call.addEventListener('click', async () => {
  if (!peer || !conn) return;
  try {
    const stream = await ensureLocalMedia();
    status(`Calling ${conn.peer}…`);
    showCall(await peer.call(conn.peer, stream));
  } catch (e) {
    status(`Call failed: ${e.message}${e.code ? ` (${e.code})` : ''}`, true);
  }
});

async function onIncomingCall(c) {
  showCall(c);
  status(`${c.peer} is calling; answering…`);
  let stream;
  try {
    stream = await ensureLocalMedia();
  } catch (e) {
    status(`No camera or microphone (${e.message}); receiving only.`);
  }
  c.answer(stream);
}

ui.hangup.addEventListener('click', () => call?.hangup());

for (const select of [ui.camera, ui.microphone]) {
  select.addEventListener('change', () => {
    localStream?.getTracks().forEach((t) => t.stop());
    localStream = null;
  });
}

navigator.mediaDevices?.enumerateDevices?.().then(() => listDevices()).catch(() => {});
window.addEventListener('pagehide', () => peer?.close());
// Exposed for debugging from the console.
window.weftCall = { get peer() { return peer; }, get connection() { return conn; }, get call() { return call; } };
