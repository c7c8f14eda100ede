/**
 * From a function object to source text that evaluates to an equivalent function in
 * another process, and its syntax tree for the free-variable analysis.
 *
 * `Function.prototype.toString` returns the function's own source text, in whatever
 * form it was written: an arrow, a `function` expression or declaration (async,
 * generator), or a method — `foo(x) {}`, `async *foo() {}`, `[key](x) {}`, which is
 * not an expression on its own. A method is rebuilt as an anonymous `function`
 * expression with the same parameters and body (a method does not see its own name,
 * so dropping it changes nothing). What cannot travel as source is refused with the
 * reason: native and bound functions (their text is `[native code]`), getters and
 * setters, classes, and private methods.
 */
import * as acorn from 'acorn';

export interface FunctionSource {
  /** An expression that evaluates to the function, e.g. `(x) => x + 1` or `function (x) { … }`. */
  readonly source: string;
  readonly node: acorn.Function;
}

/** Why a function's source cannot be shipped; becomes the tail of a ClosureError message. */
export class UnshippableFunction extends Error {}

// Lenient where a function's text is legal only in its original context (`import.meta`,
// `super` in a method, `this.#x` in a class): it should parse, so that the analysis
// can name the construct that keeps it from travelling, instead of a syntax error.
export const functionParseOptions: acorn.Options = {
  ecmaVersion: 'latest',
  sourceType: 'script',
  allowImportExportEverywhere: true,
  allowSuperOutsideMethod: true,
  checkPrivateFields: false,
};

export function functionSource(fn: (...args: never[]) => unknown): FunctionSource {
  const text = Function.prototype.toString.call(fn);
  if (isNativeSource(text)) {
    if (fn.name.startsWith('bound ')) {
      throw new UnshippableFunction(
        `the function is a bound function (${fn.name.slice('bound '.length) || 'anonymous'}.bind(…)), whose source is not available; pass an arrow that calls the original instead`,
      );
    }
    throw new UnshippableFunction(
      `the function ${fn.name === '' ? '' : `${fn.name} `}is native code, whose source is not available; wrap it in a lambda, e.g. (x) => Math.abs(x)`,
    );
  }
  return asExpression(text) ?? asMethod(text) ?? unparseable(text);
}

/** The text `toString` gives for native and bound functions, which have no source. */
export function isNativeSource(text: string): boolean {
  return /\{\s*\[native code\]\s*\}\s*$/.test(text);
}

/** Arrows and `function` expressions/declarations parse as an expression in parentheses. */
function asExpression(text: string): FunctionSource | undefined {
  const expression = parseSingleExpression(`(${text}\n)`);
  if (expression === undefined) return undefined;
  if (expression.type === 'ClassExpression') {
    throw new UnshippableFunction('a class cannot be called as a function; pass a lambda such as (x) => new MyClass(x), with MyClass exported from the job module');
  }
  if (expression.type !== 'ArrowFunctionExpression' && expression.type !== 'FunctionExpression') return undefined;
  return { source: text, node: expression };
}

/** Methods parse as the only member of an object literal (or, if private, of a class). */
function asMethod(text: string): FunctionSource | undefined {
  const object = parseSingleExpression(`({${text}\n})`);
  if (object?.type === 'ObjectExpression' && object.properties.length === 1) {
    const property = object.properties[0]!;
    if (property.type === 'Property' && (property.kind === 'get' || property.kind === 'set')) {
      throw new UnshippableFunction(`the function is a ${property.kind === 'get' ? 'getter' : 'setter'}; pass a lambda instead`);
    }
    if (property.type === 'Property' && property.method && property.value.type === 'FunctionExpression') {
      const method = property.value;
      const wrapped = `({${text}\n})`;
      // The method's FunctionExpression starts at its parameter list.
      const rebuilt = `${method.async ? 'async ' : ''}function${method.generator ? '*' : ''} ${wrapped.slice(method.start, method.end)}`;
      return asExpression(rebuilt);
    }
  }
  const klass = parseSingleExpression(`(class {${text}\n})`);
  if (klass?.type === 'ClassExpression' && klass.body.body[0]?.type === 'MethodDefinition') {
    const member = klass.body.body[0];
    if (member.key.type === 'PrivateIdentifier') {
      throw new UnshippableFunction(`the function is the private method #${member.key.name}, which exists only inside its class; pass a lambda instead`);
    }
  }
  return undefined;
}

function unparseable(text: string): never {
  const firstLine = text.split('\n', 1)[0]!.slice(0, 60);
  throw new UnshippableFunction(`the function's source text could not be parsed (${firstLine}…); pass an arrow function or an exported function`);
}

function parseSingleExpression(text: string): acorn.Expression | undefined {
  let program: acorn.Program;
  try {
    program = acorn.parse(text, functionParseOptions);
  } catch {
    return undefined;
  }
  const [statement, ...rest] = program.body;
  if (rest.length > 0 || statement?.type !== 'ExpressionStatement') return undefined;
  return statement.expression;
}
