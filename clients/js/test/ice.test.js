import assert from 'node:assert/strict';
import { test } from 'node:test';
import { acceptCandidate, filterSdp, loopbackOnly, parseCandidate } from '../src/ice.js';

const host = 'candidate:842163049 1 udp 1677729535 127.0.0.1 46154 typ host generation 0 ufrag abc network-cost 999';
const lan = 'candidate:1 1 UDP 2122260223 10.1.2.3 50000 typ host';
const srflx = 'candidate:2 1 udp 1686052607 203.0.113.9 40000 typ srflx raddr 10.1.2.3 rport 50000';

test('parses candidate fields', () => {
  assert.deepEqual(
    { ...parseCandidate(`a=${srflx}`), candidate: undefined },
    { address: '203.0.113.9', port: 40000, protocol: 'udp', type: 'srflx', candidate: undefined },
  );
  assert.equal(parseCandidate(lan).protocol, 'udp');
});

test('the loopback filter keeps 127.0.0.1 only, in trickle and in SDP', () => {
  assert.equal(acceptCandidate(loopbackOnly, host), true);
  assert.equal(acceptCandidate(loopbackOnly, lan), false);
  const sdp = ['v=0', `a=${host}`, `a=${lan}`, `a=${srflx}`, 'a=end-of-candidates', ''].join('\r\n');
  assert.equal(filterSdp(sdp, loopbackOnly), ['v=0', `a=${host}`, 'a=end-of-candidates', ''].join('\r\n'));
  assert.equal(filterSdp(sdp, undefined), sdp);
});

test('a throwing filter drops the candidate', () => {
  assert.equal(acceptCandidate(() => { throw new Error('x'); }, host), false);
});
