// A minimal STUN/TURN client over UDP, enough to ask coturn whether it accepts a credential:
// a Binding request (RFC 5389), and a TURN Allocate (RFC 5766) with the long-term credential
// mechanism (RFC 5389 section 10.2): Allocate, 401 with REALM and NONCE, Allocate again with
// USERNAME, REALM, NONCE and MESSAGE-INTEGRITY. Tests only; a browser does all this itself.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';

const MAGIC_COOKIE = 0x2112a442;
export const messageTypes = {
  bindingRequest: 0x0001,
  bindingSuccess: 0x0101,
  allocateRequest: 0x0003,
  allocateSuccess: 0x0103,
  allocateError: 0x0113,
};
const attributes = {
  username: 0x0006,
  messageIntegrity: 0x0008,
  errorCode: 0x0009,
  realm: 0x0014,
  nonce: 0x0015,
  requestedTransport: 0x0019,
  xorRelayedAddress: 0x0016,
};

function attribute(type, value) {
  const padded = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
  padded.writeUInt16BE(type, 0);
  padded.writeUInt16BE(value.length, 2);
  value.copy(padded, 4);
  return padded;
}

function header(type, bodyLength, transactionId) {
  const buffer = Buffer.alloc(20);
  buffer.writeUInt16BE(type, 0);
  buffer.writeUInt16BE(bodyLength, 2);
  buffer.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(buffer, 8);
  return buffer;
}

// A request of `type` with `attrs` ([type, Buffer] pairs); with `integrityKey`, a
// MESSAGE-INTEGRITY last: HMAC-SHA1 over the message up to it, its header's length already
// counting the MESSAGE-INTEGRITY attribute (24 bytes) (RFC 5389 section 15.4).
export function encodeRequest(type, attrs = [], integrityKey = null) {
  const transactionId = randomBytes(12);
  const body = Buffer.concat(attrs.map(([t, v]) => attribute(t, v)));
  if (!integrityKey) return { transactionId, bytes: Buffer.concat([header(type, body.length, transactionId), body]) };
  const signed = Buffer.concat([header(type, body.length + 24, transactionId), body]);
  const mac = createHmac('sha1', integrityKey).update(signed).digest();
  return { transactionId, bytes: Buffer.concat([signed, attribute(attributes.messageIntegrity, mac)]) };
}

// {type, transactionId, attributes: Map(type -> Buffer), errorCode?}
export function decodeMessage(bytes) {
  if (bytes.length < 20 || bytes.readUInt32BE(4) !== MAGIC_COOKIE) throw new Error('not STUN');
  const found = new Map();
  const end = 20 + bytes.readUInt16BE(2);
  for (let at = 20; at + 4 <= end;) {
    const type = bytes.readUInt16BE(at);
    const length = bytes.readUInt16BE(at + 2);
    found.set(type, bytes.subarray(at + 4, at + 4 + length));
    at += 4 + Math.ceil(length / 4) * 4;
  }
  const error = found.get(attributes.errorCode);
  return {
    type: bytes.readUInt16BE(0),
    transactionId: bytes.subarray(8, 20),
    attributes: found,
    errorCode: error ? (error[2] & 0x7) * 100 + error[3] : undefined,
    errorReason: error ? error.subarray(4).toString() : undefined,
  };
}

// One UDP socket talking to a STUN/TURN server on 127.0.0.1:port. A TURN server keeps its
// state (the nonce, an allocation) per 5-tuple, so the two Allocates of a challenge must come
// from the same socket.
export class StunClient {
  constructor(port) {
    this.port = port;
    this.socket = createSocket('udp4');
    this.pending = new Map(); // transaction id (hex) -> resolve
    this.socket.on('message', (bytes) => {
      try {
        const answer = decodeMessage(bytes);
        this.pending.get(answer.transactionId.toString('hex'))?.(answer);
      } catch { /* not STUN: ignored */ }
    });
  }

  // Sends `request` ({transactionId, bytes}) and resolves with the answer of the same
  // transaction; sent again every 200 ms (UDP may lose it), rejected after `timeout` ms.
  request(request, { timeout = 3000 } = {}) {
    const key = request.transactionId.toString('hex');
    return new Promise((resolve, reject) => {
      const send = () => this.socket.send(request.bytes, this.port, '127.0.0.1');
      const resend = setInterval(send, 200);
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no STUN answer from 127.0.0.1:${this.port} in ${timeout} ms`));
      }, timeout);
      const done = () => {
        clearInterval(resend);
        clearTimeout(timer);
        this.pending.delete(key);
      };
      this.pending.set(key, (answer) => { done(); resolve(answer); });
      send();
    });
  }

  close() { this.socket.close(); }
}

export async function stunBinding(port, options) {
  const client = new StunClient(port);
  try {
    return await client.request(encodeRequest(messageTypes.bindingRequest), options);
  } finally {
    client.close();
  }
}

// A TURN Allocate (UDP relay) with `username` / `credential` (the password). Resolves with
// {ok: true, relayed, realm} on success (0x0103), or {ok: false, errorCode, errorReason}.
export async function turnAllocate(port, username, credential) {
  const client = new StunClient(port);
  try {
    const udp = Buffer.from([17, 0, 0, 0]); // REQUESTED-TRANSPORT: UDP
    const first = await client.request(encodeRequest(messageTypes.allocateRequest,
      [[attributes.requestedTransport, udp]]));
    if (first.type !== messageTypes.allocateError || first.errorCode !== 401) {
      throw new Error(`an unauthenticated Allocate got type 0x${first.type.toString(16)} ` +
        `code ${first.errorCode}, not a 401 challenge`);
    }
    const realm = first.attributes.get(attributes.realm);
    const nonce = first.attributes.get(attributes.nonce);
    // The long-term key: MD5(username ":" realm ":" password).
    const key = createHash('md5').update(`${username}:${realm.toString()}:${credential}`).digest();
    const second = await client.request(encodeRequest(messageTypes.allocateRequest, [
      [attributes.requestedTransport, udp],
      [attributes.username, Buffer.from(username)],
      [attributes.realm, realm],
      [attributes.nonce, nonce],
    ], key));
    if (second.type === messageTypes.allocateSuccess) {
      return { ok: true, relayed: second.attributes.get(attributes.xorRelayedAddress),
        realm: realm.toString() };
    }
    return { ok: false, type: second.type, errorCode: second.errorCode,
      errorReason: second.errorReason.replace(/\0+$/, '') };
  } finally {
    client.close();
  }
}
