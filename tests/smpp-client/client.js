// Drives the gateway's SMPP server with node-smpp (an implementation written by others), for SmppNodeClientTests.
// Usage: node client.js <scenario> <port>; prints one JSON object on stdout, exits non-zero on a protocol failure.
//   mixed:  a transceiver and a transmitter bind; single, UDH-concatenated (8- and 16-bit references) and
//           message_payload submits; every receipt collected on the transceiver.
//   window: one transceiver, N submits with at most W unanswered (REENGAGE_SMPP_COUNT, REENGAGE_SMPP_WINDOW).
//   one:    one transceiver, one submit, its receipt (with REENGAGE_SMPP_TLS=1, over TLS).
//   inbound: a receiver and a transceiver bind; prints "ready" on its own line once both are bound, then collects
//           mobile-originated deliver_sm (esm_class 0) until REENGAGE_SMPP_EXPECT arrived.
'use strict';
const smpp = require('smpp');

const [scenario, port] = process.argv.slice(2);
// REENGAGE_SMPP_TLS=1: node-smpp's ssmpp:// (SMPP inside TLS); the gateway's certificate is self-signed.
const url = `${process.env.REENGAGE_SMPP_TLS === '1' ? 'ssmpp' : 'smpp'}://127.0.0.1:${port}`;
const deadline = Date.now() + Number(process.env.REENGAGE_SMPP_TIMEOUT_MS || 120000);

function connect(mode) {
  return new Promise((resolve, reject) => {
    const session = smpp.connect({ url, auto_enquire_link_period: 10000, rejectUnauthorized: false });
    session.on('error', reject);
    session.on('connect', () => {
      session[`bind_${mode}`]({ system_id: process.env.REENGAGE_SMPP_SYSTEM_ID || 'shop', password: process.env.REENGAGE_SMPP_PASSWORD || 'secret' }, pdu =>
        pdu.command_status === 0 ? resolve(session) : reject(new Error(`bind_${mode}: status ${pdu.command_status}`)));
    });
  });
}

function submit(session, fields) {
  return new Promise(resolve => session.submit_sm(fields, pdu => resolve({ status: pdu.command_status, id: pdu.message_id })));
}

// Collects receipts (deliver_sm with esm_class 0x04); each is acknowledged, as a client must.
function collectReceipts(session) {
  const receipts = [];
  session.on('deliver_sm', pdu => {
    session.send(pdu.response());
    if (pdu.esm_class & 0x04) {
      receipts.push({
        id: pdu.receipted_message_id,
        state: pdu.message_state,
        text: typeof pdu.short_message === 'object' ? pdu.short_message.message : String(pdu.short_message),
      });
    }
  });
  return receipts;
}

async function waitFor(receipts, ids) {
  const wanted = new Set(ids);
  while (Date.now() < deadline && !([...wanted].every(id => receipts.some(r => r.id === id)))) {
    await new Promise(r => setTimeout(r, 100));
  }
  // A little longer: a duplicate receipt would arrive now.
  await new Promise(r => setTimeout(r, 1500));
}

function close(...sessions) {
  return Promise.all(sessions.map(s => new Promise(resolve => { s.unbind(() => { s.close(); resolve(); }); })));
}

async function mixed() {
  const trx = await connect('transceiver');
  const receipts = collectReceipts(trx);
  const tx = await connect('transmitter');
  const to = '393471234567';
  const results = {};
  results.single = [await submit(trx, { destination_addr: to, dest_addr_ton: 1, source_addr: 'ACME', registered_delivery: 1, data_coding: 0, short_message: 'Ciao @ from node-smpp' })];
  results.transmitter = [await submit(tx, { destination_addr: to, dest_addr_ton: 1, source_addr: 'ACME', registered_delivery: 1, short_message: 'Sent over a transmitter bind' })];
  // Two UCS-2 parts, IEI 0x00 (8-bit reference), sent without waiting for the first answer (the server answers
  // the parts once the whole message is stored).
  const udh8 = ref => seq => Buffer.from([0x05, 0x00, 0x03, ref, 0x02, seq]);
  results.udh8 = await Promise.all([
    submit(trx, { destination_addr: to, dest_addr_ton: 1, source_addr: 'ACME', registered_delivery: 1, data_coding: 8, short_message: { udh: udh8(0x42)(1), message: 'Привет, это первая часть — ' } }),
    submit(trx, { destination_addr: to, dest_addr_ton: 1, source_addr: 'ACME', registered_delivery: 1, data_coding: 8, short_message: { udh: udh8(0x42)(2), message: 'а это вторая 👋' } }),
  ]);
  // Three GSM parts, IEI 0x08 (16-bit reference).
  const udh16 = seq => Buffer.from([0x06, 0x08, 0x04, 0x12, 0x34, 0x03, seq]);
  results.udh16 = await Promise.all([1, 2, 3].map(seq =>
    submit(trx, { destination_addr: to, dest_addr_ton: 1, source_addr: 'ACME', registered_delivery: 1, data_coding: 0, short_message: { udh: udh16(seq), message: `Part ${seq} of three. ` } })));
  const long = 'This text is longer than one short message and travels in message_payload. '.repeat(3);
  results.payload = [await submit(trx, { destination_addr: to, dest_addr_ton: 1, source_addr: 'ACME', registered_delivery: 1, data_coding: 0, message_payload: long })];
  const ids = [...new Set(Object.values(results).flat().map(r => r.id))];
  await waitFor(receipts, ids);
  await close(tx, trx);
  return { results, receipts };
}

async function windowed() {
  const count = Number(process.env.REENGAGE_SMPP_COUNT || 1000);
  const window = Number(process.env.REENGAGE_SMPP_WINDOW || 10);
  const trx = await connect('transceiver');
  const receipts = collectReceipts(trx);
  const started = Date.now();
  const answers = [];
  let next = 0;
  async function worker() {
    while (next < count) {
      const n = next++;
      answers.push(await submit(trx, { destination_addr: '39347' + String(1000000 + n), dest_addr_ton: 1, source_addr: 'ACME', registered_delivery: 1, short_message: `Windowed message ${n}` }));
    }
  }
  await Promise.all(Array.from({ length: window }, worker));
  const acceptedMs = Date.now() - started;
  const ids = answers.filter(a => a.status === 0).map(a => a.id);
  await waitFor(receipts, ids);
  await close(trx);
  return { count, window, acceptedMs, submitsPerSecond: Math.round(count * 1000 / acceptedMs), answers, receipts };
}

// Mobile-originated deliver_sm on each session, acknowledged, with what node-smpp decoded of them.
function collectInbound(session, bind, into) {
  session.on('deliver_sm', pdu => {
    session.send(pdu.response());
    if ((pdu.esm_class & 0x3c) === 0) {
      const payload = pdu.message_payload;
      const body = payload !== undefined ? payload : pdu.short_message;
      into.push({
        bind,
        source: pdu.source_addr, sourceTon: pdu.source_addr_ton,
        destination: pdu.destination_addr, destinationTon: pdu.dest_addr_ton,
        dataCoding: pdu.data_coding, esmClass: pdu.esm_class, payload: payload !== undefined,
        text: typeof body === 'object' && !Buffer.isBuffer(body) ? body.message : String(body),
      });
    }
  });
}

async function inbound() {
  const expect = Number(process.env.REENGAGE_SMPP_EXPECT || 1);
  const received = [];
  const rx = await connect('receiver');
  collectInbound(rx, 'receiver', received);
  const trx = await connect('transceiver');
  collectInbound(trx, 'transceiver', received);
  process.stdout.write('ready\n');
  while (Date.now() < deadline && received.length < expect) {
    await new Promise(r => setTimeout(r, 100));
  }
  // A little longer: a duplicate would arrive now.
  await new Promise(r => setTimeout(r, 1500));
  await close(rx, trx);
  return { received };
}

// The server ends the bind (its account was deleted): the unbind is answered and the session closes.
async function unbound() {
  const trx = await connect('transceiver');
  const events = [];
  const closed = new Promise(resolve => trx.on('close', () => { events.push('close'); resolve(); }));
  trx.on('unbind', pdu => { events.push('unbind'); trx.send(pdu.response()); });
  process.stdout.write('ready\n');
  await Promise.race([closed, new Promise(r => setTimeout(r, deadline - Date.now()))]);
  return { events };
}

async function one() {
  const trx = await connect('transceiver');
  const receipts = collectReceipts(trx);
  const answer = await submit(trx, { destination_addr: '393471234560', dest_addr_ton: 1, source_addr: 'ACME', registered_delivery: 1, data_coding: 0, short_message: 'Over TLS' });
  await waitFor(receipts, [answer.id]);
  await close(trx);
  return { answer, receipts, encrypted: typeof trx.socket.getCipher === 'function' ? trx.socket.getCipher().version : null };
}

({ window: windowed, inbound, unbound, one }[scenario] || mixed)()
  // exit only once stdout is flushed: a pipe takes the output asynchronously, and exit would cut it.
  .then(result => process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(0)))
  .catch(error => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });
