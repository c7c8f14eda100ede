import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KindlingConf } from '../conf/index.js';
import { ErrorCode } from '../errors/index.js';
import { RpcSecurity, authMetadataKey, constantTimeEquals, deriveAuthToken } from './rpc-security.js';

void test('a configured secret turns authentication on and the token never contains the secret', () => {
  const security = RpcSecurity.fromConf(new KindlingConf({ 'kindling.authenticate.secret': 's3cret' }), {});
  assert.equal(security.authenticationEnabled, true);
  const token = security.callMetadata('app-1').get(authMetadataKey)[0];
  assert.equal(token, deriveAuthToken('s3cret'));
  assert.ok(typeof token === 'string' && !token.includes('s3cret'));
});

void test('a call is authorized only with the same secret', () => {
  const driver = RpcSecurity.fromConf(new KindlingConf({ 'kindling.authenticate.secret': 'right' }), {});
  const good = RpcSecurity.fromConf(new KindlingConf({ 'kindling.authenticate.secret': 'right' }), {});
  const bad = RpcSecurity.fromConf(new KindlingConf({ 'kindling.authenticate.secret': 'wrong' }), {});
  assert.equal(driver.isAuthorized(good.callMetadata()), true);
  assert.equal(driver.isAuthorized(bad.callMetadata()), false);
  assert.equal(driver.isAuthorized(RpcSecurity.insecure().callMetadata()), false);
});

void test('the secret may come from KINDLING_AUTHENTICATE_SECRET', () => {
  const security = RpcSecurity.fromConf(new KindlingConf(), { KINDLING_AUTHENTICATE_SECRET: 'from-env' });
  assert.equal(security.authToken, deriveAuthToken('from-env'));
});

void test('kindling.authenticate=true without a secret is one clear error', () => {
  assert.throws(
    () => RpcSecurity.fromConf(new KindlingConf({ 'kindling.authenticate': 'true' }), {}),
    (error: Error & { code?: string }) => error.code === ErrorCode.InvalidArgument && /kindling\.authenticate\.secret/.test(error.message),
  );
});

void test('without authentication every call is authorized', () => {
  assert.equal(RpcSecurity.fromConf(new KindlingConf(), {}).isAuthorized(RpcSecurity.insecure().callMetadata()), true);
});

void test('TLS with a key file that does not exist fails at start, naming the key', () => {
  const conf = new KindlingConf({ 'kindling.ssl.enabled': 'true', 'kindling.ssl.keyFile': '/nonexistent/key.pem' });
  assert.throws(() => RpcSecurity.fromConf(conf, {}), /kindling\.ssl\.keyFile=\/nonexistent\/key\.pem/);
});

void test('constantTimeEquals compares strings of any length', () => {
  assert.equal(constantTimeEquals('abc', 'abc'), true);
  assert.equal(constantTimeEquals('abc', 'abcd'), false);
  assert.equal(constantTimeEquals('', ''), true);
});
