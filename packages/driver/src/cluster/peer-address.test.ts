import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinHostPort, peerHost } from './peer-address.js';

void test('peerHost takes the host out of every peer form grpc-js reports', () => {
  assert.equal(peerHost('127.0.0.1:5000'), '127.0.0.1');
  assert.equal(peerHost('ipv4:10.1.2.3:7077'), '10.1.2.3');
  assert.equal(peerHost('[::1]:5000'), '::1');
  assert.equal(peerHost('ipv6:[fe80::1]:80'), 'fe80::1');
  assert.equal(peerHost('[::ffff:10.0.0.2]:6000'), '10.0.0.2');
});

void test('joinHostPort brackets IPv6 hosts only', () => {
  assert.equal(joinHostPort('10.0.0.1', 1), '10.0.0.1:1');
  assert.equal(joinHostPort('::1', 2), '[::1]:2');
});
