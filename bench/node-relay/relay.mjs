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
const roomPattern = /^[A-Za-z0-9_-]{1,64}$/;

function send(socket, message) {
  socket.send(JSON.stringify(message));
}

function fail(session, code, message, ref) {
  send(session.socket, { type: 'error', code, message, ...(ref ? { ref } : {}) });
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
  else broadcast(session.room, session.id, { type: 'peer-left', id: session.id, reason });
  session.room = null;
}

function join(session, message) {
  const { room, name = '', v } = message;
  if (v !== undefined && v !== 1) return fail(session, 'unsupported-version', 'v is 1', 'join');
  const nameOk = typeof name === 'string' && [...name].length <= 64;
  if (typeof room !== 'string' || !roomPattern.test(room) || !nameOk)
    return fail(session, 'bad-message', 'needs room [A-Za-z0-9_-]{1,64}, name <= 64', 'join');
  if (session.room) return fail(session, 'already-joined', `already in ${session.room}`, 'join');
  if (!rooms.has(room)) rooms.set(room, new Map());
  const peers = rooms.get(room);
  const others = [...peers].map(([id, peer]) => ({ id, name: peer.name }));
  peers.set(session.id, { socket: session.socket, name });
  session.room = room;
  send(session.socket, { type: 'joined', v: 1, room, you: session.id, peers: others });
  broadcast(room, session.id, { type: 'peer-joined', peer: { id: session.id, name } });
}

function relay(session, message) {
  const { type, to } = message;
  if (!session.room) return fail(session, 'not-joined', `join a room before ${type}`, type);
  if (typeof to !== 'string') return fail(session, 'bad-message', `${type} needs "to"`, type);
  const addressee = rooms.get(session.room).get(to);
  if (!addressee) return fail(session, 'unknown-peer', `no peer ${to} in this room`, type);
  // The sender's id is stamped by the server, over any "from" the client wrote: no spoofing.
  addressee.socket.send(JSON.stringify({ ...message, from: session.id }));
}

function handle(session, text) {
  let message;
  try {
    message = JSON.parse(text);
  } catch {
    return fail(session, 'bad-json', 'not JSON');
  }
  if (message === null || typeof message !== 'object' || Array.isArray(message))
    return fail(session, 'bad-json', 'not a JSON object');
  const { type } = message;
  if (typeof type !== 'string') return fail(session, 'bad-message', '"type" must be a string');
  if (type === 'join') return join(session, message);
  if (relayedTypes.has(type)) return relay(session, message);
  if (type === 'ping') return send(session.socket, { type: 'pong', ...pick(message, 'id') });
  if (type !== 'leave') return fail(session, 'unknown-type', `unknown type ${type}`, type);
  if (!session.room) return fail(session, 'not-joined', 'not in a room', 'leave');
  leave(session, 'left');
}

// `{ [key]: message[key] }` when the key is present, else `{}`: optional fields are echoed as is.
function pick(message, key) {
  return key in message ? { [key]: message[key] } : {};
}

const server = new WebSocketServer({ host, port, path: '/ws', maxPayload: 65536 });
server.on('connection', (socket) => {
  const session = { socket, id: `p${nextPeerNumber++}`, room: null };
  socket.on('message', (data, isBinary) => handle(session, isBinary ? '' : data.toString()));
  socket.on('close', () => leave(session, 'disconnected'));
  socket.on('error', () => {}); // 'close' follows; nothing else to do
});
server.on('listening', () => console.log(`listening on http://${host}:${server.address().port}`));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const client of server.clients) client.close(1001, 'going away');
    server.close(() => process.exit(0));
  });
}
