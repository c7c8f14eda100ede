import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as acorn from 'acorn';
import { analyzeFreeVariables } from './free-variables.js';
import { functionParseOptions } from './function-source.js';

function analyze(source: string) {
  const program = acorn.parse(`(${source}\n)`, functionParseOptions);
  const statement = program.body[0];
  assert.ok(statement?.type === 'ExpressionStatement');
  const fn = statement.expression;
  assert.ok(fn.type === 'ArrowFunctionExpression' || fn.type === 'FunctionExpression', `not a function: ${source}`);
  return analyzeFreeVariables(fn);
}

/** [source, free variables in order of first reference] */
const cases: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['(x) => x + 1', []],
  ['(x) => x + y', ['y']],
  ['function f(n) { return n ? f(n - 1) : 0 }', []],
  ['({ a, b: [c, d = e], ...rest }) => a + c + d + rest', ['e']],
  ['(a, b = a + z) => b', ['z']],
  ['(a = b, b) => a', []],
  ['function () { var v = 1; { let w = 2; } return v + w }', ['w']],
  ['function () { if (true) { var v = 1 } return v }', []],
  ['function () { g(); function g() {} }', []],
  ['() => { { function h() {} } return h }', ['h']],
  ['() => { try { } catch (err) { return err } return err }', ['err']],
  ['() => { try {} catch ({ message, cause: [first] }) { return message + first } }', []],
  ['() => { try {} catch { return e } }', ['e']],
  ['() => { for (let i = 0; i < n; i++) {} return i }', ['n', 'i']],
  ['() => { for (var i = 0; i < 3; i++) {} return i }', []],
  ['() => { for (const k in obj) use(k) }', ['obj', 'use']],
  ['() => { for (k of list) {} }', ['k', 'list']],
  ['() => { for (const [k, v] of Object.entries(m)) out.push(k + v) }', ['Object', 'm', 'out']],
  ['(o) => o.prop + o[key] + o.a.b.c', ['key']],
  ['() => ({ key: 1, [computed]: 2, short, "quoted": 3, 4: four })', ['computed', 'short', 'four']],
  ['() => { outer: for (;;) { inner: while (true) { continue outer; } break outer; } }', []],
  ['function () { return arguments.length + this.x }', []],
  ['() => arguments[0]', ['arguments']],
  ['function () { return () => arguments[0] }', []],
  ['() => class K extends Base { m() { return K } static s = K; #p = 1; q() { return this.#p } }', ['Base']],
  ['() => { class C {} return new C() }', []],
  ['() => { return new D(); class D {} }', []],
  ['() => { const { a = b, [c]: d } = obj; return a + d }', ['b', 'c', 'obj']],
  ['(x) => { let y; [y, z] = x; return y }', ['z']],
  ['() => { ({ a: obj.prop, b: target = fallback } = src) }', ['obj', 'target', 'fallback', 'src']],
  ['async (x) => { for await (const v of x) await sink(v) }', ['sink']],
  ['function* () { yield* gen(); yield }', ['gen']],
  ['(x) => { switch (x) { case a: let q = 1; return q; default: return q } }', ['a']],
  ['(x) => tag`a${x}b${y}`', ['tag', 'y']],
  ['(x) => x?.a?.[b]?.(c)', ['b', 'c']],
  ['(x) => { label: { break label } }', []],
  ['() => { var fn = function inner() { return inner }; return inner }', ['inner']],
  ['(x) => x === undefined ? NaN : Math.max(x, Infinity)', ['undefined', 'NaN', 'Math', 'Infinity']],
  ['() => { let a = 1; { let a = 2; b = a } }', ['b']],
  ['(x) => { const f = (y = x) => y; return f() }', []],
  ['function (a) { var a; return a }', []],
  ['function (p = body) { var body = 1; return p }', ['body']],
  ['() => typeof maybeDefined', ['maybeDefined']],
  ['function () { return new.target }', []],
  ['() => class { f = () => out; static g = this }', ['out']],
  ['() => class { static { var s = 1; t = s } }', ['t']],
  ['(x) => ({ get g() { return x }, set g(v) { w = v } })', ['w']],
  ['(x) => { count++; total += x }', ['count', 'total']],
  ['(x) => delete cache[x]', ['cache']],
  ['() => { let v = 1; return () => () => v + u }', ['u']],
  ['(x) => { do { x-- } while (x > limit); }', ['limit']],
  ['(x) => x instanceof Klass || "k" in x', ['Klass']],
  ['(x) => new Map([[x, sep]])', ['Map', 'sep']],
  ['(x) => import(modulePath)', ['modulePath']],
  ['(x) => [...x, ...more]', ['more']],
  ['() => { const f = function g() { return g }; return g }', ['g']],
  ['() => { const o = { m() { return super.toString() } }; return o }', []],
];

void describe('analyzeFreeVariables', () => {
  for (const [source, expected] of cases) {
    void it(`finds ${expected.length === 0 ? 'no free variables' : expected.join(', ')} in ${source}`, () => {
      const { calledFreeVariables: _called, ...rest } = analyze(source);
      assert.deepEqual(rest, {
        freeVariables: expected,
        usesOuterSuper: false,
        usesOuterPrivateName: false,
        usesImportMeta: false,
        usesWith: false,
      });
    });
  }

  void it('tells which free variables are called, constructed or used as a template tag', () => {
    assert.deepEqual(analyze('(x) => parse(x) + limit').calledFreeVariables, ['parse']);
    assert.deepEqual(analyze('(x) => new Klass(x, tag`a`)').calledFreeVariables, ['Klass', 'tag']);
    assert.deepEqual(analyze('(x) => { const f = (y) => y; return f(x) + obj.m(x) }').calledFreeVariables, []);
  });

  void it('reports import.meta, with, and super / #private that belong to the function itself', () => {
    assert.equal(analyze('() => import.meta.url').usesImportMeta, true);
    assert.equal(analyze('function () { with (obj) { a } }').usesWith, true);
    assert.equal(analyze('function () { return super.x }').usesOuterSuper, true);
    assert.equal(analyze('function () { return this.#x }').usesOuterPrivateName, true);
    assert.equal(analyze('() => class { #x; m() { return this.#x } }').usesOuterPrivateName, false);
    assert.equal(analyze('() => class extends Base { m() { return super.m() } }').usesOuterSuper, false);
  });
});
