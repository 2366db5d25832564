// TURN credentials end to end, without a browser: our own coturn (startTurn) and rtclab-server
// sharing its secret; a participant joins over WebSocket, and the credentials `joined` carries
// are checked twice: recomputed with node's crypto (what coturn computes), and offered to coturn
// in a real TURN Allocate, which must succeed, and fail with 401 once they have expired or when
// they were made with another secret. Runs inside scripts/in-netns.sh:
//   scripts/in-netns.sh node --test tests/e2e/turn-credentials.test.mjs
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { startServer, startTurn } from './harness.mjs';
import { stunBinding, turnAllocate, messageTypes } from './stun.mjs';

// A web root of its own: this test needs no lab, so it runs without the wasm build.
const web = mkdtempSync(join(tmpdir(), 'rtclab-turn-web-'));
writeFileSync(join(web, 'index.html'), '<!doctype html><title>rtclab</title>');
let turn;
before(async () => { turn = await startTurn(); });
after(async () => {
  await turn?.stop();
  rmSync(web, { recursive: true, force: true });
});

const unixNow = () => Math.floor(Date.now() / 1000);
const credentialFor = (secret, username) =>
  createHmac('sha1', secret).update(username).digest('base64');

// Joins `room` on the server at `url` and resolves with the `joined` message.
function joinRoom(url, room) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws') + '/ws');
    const timer = setTimeout(() => { socket.terminate(); reject(new Error('no joined in 5 s')); }, 5000);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'join', room })));
    socket.on('message', (data) => {
      clearTimeout(timer);
      socket.close();
      const message = JSON.parse(data.toString());
      if (message.type === 'joined') resolve(message); else reject(new Error(data.toString()));
    });
    socket.on('error', (error) => { clearTimeout(timer); reject(error); });
  });
}

function turnFlags(lifetimeSeconds) {
  return ['--turn-secret-file', turn.secretFile, '--turn-url', turn.stunUrl,
    '--turn-url', turn.turnUrl, '--turn-url', turn.turnTcpUrl,
    '--turn-credential-lifetime', String(lifetimeSeconds)];
}

test('coturn answers STUN on its own port', async () => {
  const answer = await stunBinding(turn.port);
  assert.equal(answer.type, messageTypes.bindingSuccess);
});

test('joined carries credentials coturn accepts, made for the participant', async () => {
  const server = await startServer(turnFlags(600), { web });
  try {
    const before = unixNow();
    const joined = await joinRoom(server.url, 'demo');
    assert.deepEqual(joined.iceServers[0], { urls: [turn.stunUrl] });
    const relay = joined.iceServers[1];
    assert.deepEqual(relay.urls, [turn.turnUrl, turn.turnTcpUrl]);
    assert.ok(joined.iceServersExpireAt >= before + 600 && joined.iceServersExpireAt <= unixNow() + 600,
      `expiry ${joined.iceServersExpireAt} is not now + 600`);
    assert.equal(relay.username, `${joined.iceServersExpireAt}:${joined.peer}`);
    assert.equal(relay.credential, credentialFor(turn.secret, relay.username));

    const allocation = await turnAllocate(turn.port, relay.username, relay.credential);
    assert.ok(allocation.ok, `coturn refused: ${allocation.errorCode} ${allocation.errorReason}`);
    assert.equal(allocation.realm, 'rtclab');
    assert.ok(allocation.relayed, 'a successful Allocate names the relayed address');
    // coturn logs the allocation under the participant's username (verbose).
    assert.match(turn.log(), new RegExp(`user <${relay.username}>`));
  } finally {
    await server.stop();
  }
});

test('coturn refuses credentials of another secret and expired ones', async () => {
  const username = `${unixNow() + 600}:p1`;
  const wrong = await turnAllocate(turn.port, username, credentialFor('not-the-secret', username));
  assert.equal(wrong.ok, false);
  assert.equal(wrong.errorCode, 401);

  const expiredName = `${unixNow() - 10}:p1`;
  const expired = await turnAllocate(turn.port, expiredName, credentialFor(turn.secret, expiredName));
  assert.equal(expired.ok, false);
  assert.equal(expired.errorCode, 401);
});

test('credentials from the server stop working after --turn-credential-lifetime', async () => {
  const server = await startServer(turnFlags(1), { web });
  try {
    const joined = await joinRoom(server.url, 'short');
    const relay = joined.iceServers[1];
    assert.equal(relay.credential, credentialFor(turn.secret, relay.username));
    // Wait until the expiry has passed by a second (coturn compares whole seconds), and then
    // 50 ms more: coturn reads time(), the kernel's per-tick clock, which turns to the next
    // second a few milliseconds after the clock Date.now() reads (CI met that window once).
    const refusedFrom = (joined.iceServersExpireAt + 1) * 1000 + 50;
    while (Date.now() < refusedFrom) await new Promise((r) => setTimeout(r, refusedFrom - Date.now()));
    const refused = await turnAllocate(turn.port, relay.username, relay.credential);
    assert.equal(refused.ok, false);
    assert.equal(refused.errorCode, 401);
    // A rejoin is handed fresh ones (whether coturn takes them is the test above: with a 1 s
    // lifetime they could expire between the join and the Allocate).
    const again = await joinRoom(server.url, 'short');
    assert.ok(again.iceServersExpireAt > joined.iceServersExpireAt);
    assert.equal(again.iceServers[1].credential,
      credentialFor(turn.secret, again.iceServers[1].username));
  } finally {
    await server.stop();
  }
});

test('without the turn flags joined has no iceServers', async () => {
  const server = await startServer([], { web });
  try {
    const joined = await joinRoom(server.url, 'plain');
    assert.equal('iceServers' in joined, false);
    assert.equal('iceServersExpireAt' in joined, false);
  } finally {
    await server.stop();
  }
});
