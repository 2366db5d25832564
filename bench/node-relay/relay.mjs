// The baseline for `make bench`: the signaling relay a learner would write after reading
// docs/signaling-protocol.md, on Node's `ws` package. Same wire protocol as rtclab-server, no
// limits, no heartbeat: the simplest correct thing, so the benchmark's ratios say what the
// native server buys over it.
//
//   node bench/node-relay/relay.mjs [--host 127.0.0.1] [--port 0]
//   -> listening on http://127.0.0.1:PORT      (the same first line as rtclab-server prints)
import { WebSocketServer } from 'ws';

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}
const host = option('--host', '127.0.0.1');
const port = Number(option('--port', '0'));

const rooms = new Map(); // room name -> Map(peer id -> { socket, name })
let nextPeerNumber = 1;
const relayedTypes = new Set(['offer', 'answer', 'candidate']);
const serverTypes = new Set(['joined', 'peer-joined', 'peer-left', 'pong', 'error']);
const idPattern = /^[A-Za-z0-9_-]{1,64}$/; // room names and peer ids
// Display names: up to 64 bytes of UTF-8 (JSON.parse already gave us valid text), no controls.
const namePattern = /^[^\u0000-\u001f\u007f-\u009f]*$/;

function send(socket, message) {
  socket.send(JSON.stringify(message));
}

function fail(session, code, message) {
  send(session.socket, { type: 'error', code, message });
}

// Everyone else in the room hears `message`.
function broadcast(room, exceptId, message) {
  const text = JSON.stringify(message);
  for (const [id, peer] of rooms.get(room) ?? []) if (id !== exceptId) peer.socket.send(text);
}

function leave(session, reason) {
  if (!session.room) return;
  const peers = rooms.get(session.room);
  peers.delete(session.id);
  if (peers.size === 0) rooms.delete(session.room);
  else broadcast(session.room, session.id, { type: 'peer-left', peer: session.id, reason });
  session.room = null;
}

function join(session, message) {
  const { room, name = '', version = 1 } = message;
  if (typeof room !== 'string') return fail(session, 'wrong-type', 'room must be a string');
  if (!idPattern.test(room)) return fail(session, 'bad-room', 'room is [A-Za-z0-9_-]{1,64}');
  const nameOk = typeof name === 'string' && Buffer.byteLength(name) <= 64 && namePattern.test(name);
  if (!nameOk) return fail(session, 'bad-name', 'name is 0-64 bytes without control characters');
  if (version !== 1) return fail(session, 'unsupported-version', 'this server speaks version 1');
  if (session.room) return fail(session, 'already-joined', `already in ${session.room}`);
  if (!rooms.has(room)) rooms.set(room, new Map());
  const peers = rooms.get(room);
  const others = [...peers].map(([id, peer]) => ({ id, name: peer.name }));
  broadcast(room, session.id, { type: 'peer-joined', peer: session.id, name });
  peers.set(session.id, { socket: session.socket, name });
  session.room = room;
  send(session.socket, { type: 'joined', room, peer: session.id, name, peers: others, version: 1 });
}

function relay(session, message) {
  const { type, to } = message;
  if (!session.room) return fail(session, 'not-joined', `join a room before ${type}`);
  if (typeof to !== 'string') return fail(session, 'missing-field', `${type} needs "to"`);
  const addressee = rooms.get(session.room).get(to);
  if (!addressee || to === session.id)
    return fail(session, 'unknown-peer', `no other peer '${to}' in room '${session.room}'`);
  // The sender's id is stamped by the server, over any "from" the client wrote: no spoofing.
  addressee.socket.send(JSON.stringify({ ...message, from: session.id }));
}

function handle(session, text) {
  let message;
  try {
    message = JSON.parse(text);
  } catch {
    return fail(session, 'not-json', 'not valid JSON text');
  }
  if (message === null || typeof message !== 'object' || Array.isArray(message))
    return fail(session, 'not-object', 'a message must be a JSON object');
  const { type } = message;
  if (typeof type !== 'string') return fail(session, 'wrong-type', '"type" must be a string');
  if (type === 'join') return join(session, message);
  if (relayedTypes.has(type)) return relay(session, message);
  if (type === 'ping') return send(session.socket, { type: 'pong', ...pick(message, 'id') });
  if (serverTypes.has(type)) return fail(session, 'unexpected-type', `only the server sends ${type}`);
  if (type !== 'leave') return fail(session, 'unknown-type', `unknown message type '${type}'`);
  if (!session.room) return fail(session, 'not-joined', 'not in a room');
  leave(session, 'leave');
}

// `{ [key]: message[key] }` when the key is present, else `{}`: optional fields are echoed as is.
function pick(message, key) {
  return key in message ? { [key]: message[key] } : {};
}

const server = new WebSocketServer({ host, port, path: '/ws', maxPayload: 65536 });
server.on('connection', (socket) => {
  // The id is given at connection time here (rtclab-server gives a fresh one at each join).
  const session = { socket, id: `p${nextPeerNumber++}`, room: null };
  socket.on('message', (data, isBinary) => handle(session, isBinary ? '' : data.toString()));
  socket.on('close', () => leave(session, 'disconnect'));
  socket.on('error', () => {}); // 'close' follows; nothing else to do
});
server.on('listening', () => console.log(`listening on http://${host}:${server.address().port}`));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const client of server.clients) client.close(1001, 'going away');
    server.close(() => process.exit(0));
  });
}
