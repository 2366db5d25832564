// The PeerJS server (npm package `peer`, pinned in bench/package.json) as `make bench` measures
// it: the signaling server most WebRTC tutorials reach for, started through the package's own
// PeerServer API with its defaults, except the limits below, which would otherwise cut the
// benchmark short rather than measure the server.
//
//   node bench/peerjs/server.mjs [--host 127.0.0.1] [--port 0]
//   -> listening on http://127.0.0.1:PORT      (the first line rtclab-loadgen waits for)
//
// Clients connect to ws://HOST:PORT/peerjs?key=peerjs&id=ID&token=TOKEN; what the generator
// sends and expects is in bench/README.md ("Dialects").
import { PeerServer } from 'peer';

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}
const host = option('--host', '127.0.0.1');
const port = Number(option('--port', '0'));

PeerServer(
  {
    host,
    port,
    path: '/',
    // Default 5,000 registered clients; past it a client gets an ERROR frame and is closed. The
    // idle phase holds 10,000 (rtclab-server runs with --max-connections 20000 too).
    concurrent_limit: 20000,
    // A client that sent no HEARTBEAT for alive_timeout ms (default 90 s) is dropped. A PeerJS
    // browser client sends one every 5 s; the generator sends none, like it sends no pings to the
    // other servers, so the timeout is raised past the length of a run instead.
    alive_timeout: 3600 * 1000,
  },
  (server) => console.log(`listening on http://${host}:${server.address().port}`),
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
