// Seed 003's signaling server (the Node `ws` server of the seed document /work/shared/seeds/003_*.txt),
// written to the seed's description as a benchmark anchor: same messages, same behaviour, same bugs
// (a message to an unknown name is dropped silently; `leave` clears the *target's* registration;
// invalid JSON answers "Command not found: undefined"). Differences, all for benchmarking:
//   - port and host from the command line (the seed hard-codes 9090 on all interfaces);
//   - `--quiet` turns off the seed's console.log on every message (it logs by default, as the seed does;
//     the benchmark runs it quiet, which is the anchor's best case).
// Usage: node server.js [port] [host] [--quiet]
'use strict';
const { WebSocketServer } = require('ws');

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const quiet = process.argv.includes('--quiet');
const port = Number(args[0] || 9090);
const host = args[1] || '127.0.0.1';
const log = quiet ? () => {} : (...a) => console.log(...a);

const users = {}; // name -> socket (the seed's plain object)

function sendTo(socket, message) {
  socket.send(JSON.stringify(message));
}

const wss = new WebSocketServer({ port, host });

wss.on('connection', (socket) => {
  log('User connected');

  socket.on('message', (raw) => {
    let data;
    try {
      data = JSON.parse(raw);
    } catch (e) {
      log('Invalid JSON');
      data = {};
    }
    let target;
    switch (data.type) {
      case 'login':
        log('User logged', data.name);
        if (users[data.name]) {
          sendTo(socket, { type: 'login', success: false, message: '重複登入' });
        } else {
          users[data.name] = socket;
          socket.name = data.name;
          sendTo(socket, { type: 'login', success: true });
        }
        if (!quiet) log('users data: ', Object.keys(users));
        break;
      case 'offer':
        log('Sending offer to: ', data.name);
        target = users[data.name];
        if (target != null) {
          socket.otherName = data.name;
          sendTo(target, { type: 'offer', offer: data.offer, name: socket.name });
        }
        break;
      case 'answer':
        log('Sending answer to: ', data.name);
        target = users[data.name];
        if (target != null) {
          socket.otherName = data.name;
          sendTo(target, { type: 'answer', answer: data.answer });
        }
        break;
      case 'candidate':
        log('Sending candidate to:', data.name);
        target = users[data.name];
        if (target != null) {
          sendTo(target, { type: 'candidate', candidate: data.candidate });
        }
        break;
      case 'leave':
        target = users[data.name];
        users[data.name] = undefined;
        if (target != null) {
          sendTo(target, { type: 'leave' });
        }
        break;
      default:
        sendTo(socket, { type: 'error', message: 'Command not found: ' + data.type });
        break;
    }
  });

  socket.on('close', () => {
    if (socket.name) {
      delete users[socket.name];
      if (socket.otherName) {
        log('Disconnecting from ', socket.otherName);
        const partner = users[socket.otherName];
        if (partner != null) {
          partner.otherName = null;
          sendTo(partner, { type: 'leave' });
        }
      }
    }
  });

  sendTo(socket, { type: 'hello', message: 'Welcome to connect Signaling Server' });
});

wss.on('listening', () => console.log('READY ' + wss.address().port));
