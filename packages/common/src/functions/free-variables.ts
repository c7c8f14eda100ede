/**
 * Free-variable analysis of a function's syntax tree: which names does the function
 * read or write that it does not declare itself? Those are the values a closure
 * captures, and exactly what cannot travel to an executor as source text
 * (docs/DESIGN.md §3), unless they are JavaScript globals or exports of the job bundle.
 *
 * This is a real scope analysis, not a scan for identifiers: parameters (with
 * destructuring and defaults), `var` hoisting to the function, block scoping of
 * `let`/`const`/`class`/function declarations, `catch` parameters, loop heads, the
 * name of a named function or class expression, `arguments` in non-arrow functions.
 * Object keys, non-computed member names, labels and `this` are not references.
 *
 * It also reports the constructs that make a function meaningless outside the
 * object or module it was written in: `super` and `#private` names that belong to
 * the function's own class or object, `import.meta`, and `with`.
 */
import type * as acorn from 'acorn';
import { Scope, lexicalNames, patternNames, varNames } from './scope.js';

export interface FreeVariableAnalysis {
  /** Free variables in order of first reference. */
  readonly freeVariables: readonly string[];
  /** Free variables called or constructed directly (`f(x)`, `new C()`, tagged templates): functions, surely. */
  readonly calledFreeVariables: readonly string[];
  /** `super` that refers to the analysed function's own home object (a method's class). */
  readonly usesOuterSuper: boolean;
  /** `#name` that refers to the analysed function's own class. */
  readonly usesOuterPrivateName: boolean;
  readonly usesImportMeta: boolean;
  readonly usesWith: boolean;
}

type Fn = acorn.Function & { type: 'FunctionExpression' | 'FunctionDeclaration' | 'ArrowFunctionExpression' };

export function analyzeFreeVariables(fn: acorn.Function): FreeVariableAnalysis {
  const walker = new ScopeWalker();
  walker.visitFunction(fn as Fn, new Scope(undefined));
  return {
    freeVariables: [...walker.free],
    calledFreeVariables: [...walker.called],
    usesOuterSuper: walker.usesOuterSuper,
    usesOuterPrivateName: walker.usesOuterPrivateName,
    usesImportMeta: walker.usesImportMeta,
    usesWith: walker.usesWith,
  };
}

class ScopeWalker {
  readonly free = new Set<string>();
  readonly called = new Set<string>();
  usesOuterSuper = false;
  usesOuterPrivateName = false;
  usesImportMeta = false;
  usesWith = false;
  /** Methods (of classes or object literals) entered: `super` inside one is its own. */
  private homeObjectDepth = 0;
  /** Class bodies entered: a `#name` inside one is that class's own. */
  private classDepth = 0;

  private reference(name: string, scope: Scope): void {
    if (!scope.resolves(name)) this.free.add(name);
  }

  visitFunction(fn: Fn, outer: Scope): void {
    let scope = outer;
    if (fn.type === 'FunctionExpression' && fn.id) {
      // A named function expression sees its own name, and nothing outside does.
      scope = new Scope(outer);
      scope.declare(fn.id.name);
    }
    // Parameters get their own scope: defaults are evaluated before the body's
    // declarations exist, so `function f(a = b) { var b }` reads an outer `b`.
    const params = new Scope(scope);
    for (const param of fn.params) params.declareAll(patternNames(param));
    if (fn.type !== 'ArrowFunctionExpression') params.declare('arguments');
    for (const param of fn.params) this.visitPattern(param, params, 'binding');

    if (fn.body.type === 'BlockStatement') {
      const body = new Scope(params);
      body.declareAll(varNames(fn.body.body));
      body.declareAll(lexicalNames(fn.body.body));
      for (const statement of fn.body.body) this.visitStatement(statement, body);
    } else {
      this.visitExpression(fn.body, params);
    }
  }

  /** A method of a class or object literal: its `super` is its own. */
  private visitMethod(fn: acorn.FunctionExpression, scope: Scope): void {
    this.homeObjectDepth++;
    this.visitFunction(fn as Fn, scope);
    this.homeObjectDepth--;
  }

  private visitBlock(statements: readonly acorn.Statement[], outer: Scope): void {
    const scope = new Scope(outer);
    scope.declareAll(lexicalNames(statements));
    for (const statement of statements) this.visitStatement(statement, scope);
  }

  private visitStatement(s: acorn.Statement, scope: Scope): void {
    switch (s.type) {
      case 'ExpressionStatement':
        this.visitExpression(s.expression, scope);
        break;
      case 'BlockStatement':
        this.visitBlock(s.body, scope);
        break;
      case 'VariableDeclaration':
        this.visitDeclaration(s, scope);
        break;
      case 'FunctionDeclaration':
        this.visitFunction(s as Fn, scope);
        break;
      case 'ClassDeclaration':
        this.visitClass(s, scope);
        break;
      case 'ReturnStatement':
        if (s.argument) this.visitExpression(s.argument, scope);
        break;
      case 'ThrowStatement':
        this.visitExpression(s.argument, scope);
        break;
      case 'IfStatement':
        this.visitExpression(s.test, scope);
        this.visitStatement(s.consequent, scope);
        if (s.alternate) this.visitStatement(s.alternate, scope);
        break;
      case 'WhileStatement':
      case 'DoWhileStatement':
        this.visitExpression(s.test, scope);
        this.visitStatement(s.body, scope);
        break;
      case 'ForStatement': {
        const head = this.loopHeadScope(s.init, scope);
        if (s.init) {
          if (s.init.type === 'VariableDeclaration') this.visitDeclaration(s.init, head);
          else this.visitExpression(s.init, head);
        }
        if (s.test) this.visitExpression(s.test, head);
        if (s.update) this.visitExpression(s.update, head);
        this.visitStatement(s.body, head);
        break;
      }
      case 'ForInStatement':
      case 'ForOfStatement': {
        const head = this.loopHeadScope(s.left, scope);
        if (s.left.type === 'VariableDeclaration') this.visitDeclaration(s.left, head);
        else this.visitPattern(s.left, head, 'assignment');
        this.visitExpression(s.right, head);
        this.visitStatement(s.body, head);
        break;
      }
      case 'TryStatement':
        this.visitBlock(s.block.body, scope);
        if (s.handler) {
          const catchScope = new Scope(scope);
          if (s.handler.param) {
            catchScope.declareAll(patternNames(s.handler.param));
            this.visitPattern(s.handler.param, catchScope, 'binding');
          }
          this.visitBlock(s.handler.body.body, catchScope);
        }
        if (s.finalizer) this.visitBlock(s.finalizer.body, scope);
        break;
      case 'SwitchStatement': {
        this.visitExpression(s.discriminant, scope);
        // All cases share one block scope.
        const cases = new Scope(scope);
        cases.declareAll(lexicalNames(s.cases.flatMap((c) => c.consequent)));
        for (const c of s.cases) {
          if (c.test) this.visitExpression(c.test, cases);
          for (const statement of c.consequent) this.visitStatement(statement, cases);
        }
        break;
      }
      case 'LabeledStatement':
        // The label is not a variable.
        this.visitStatement(s.body, scope);
        break;
      case 'WithStatement':
        this.usesWith = true;
        this.visitExpression(s.object, scope);
        this.visitStatement(s.body, scope);
        break;
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'EmptyStatement':
      case 'DebuggerStatement':
        break;
      default:
        assertNever(s);
    }
  }

  /** `for (let i …)` gets a scope of its own for the loop variables. */
  private loopHeadScope(
    head: acorn.VariableDeclaration | acorn.Expression | acorn.Pattern | null | undefined,
    outer: Scope,
  ): Scope {
    if (head?.type !== 'VariableDeclaration' || head.kind === 'var') return outer;
    const scope = new Scope(outer);
    for (const d of head.declarations) scope.declareAll(patternNames(d.id));
    return scope;
  }

  /** Names were declared when the scope was entered; only defaults and initialisers read. */
  private visitDeclaration(d: acorn.VariableDeclaration, scope: Scope): void {
    for (const declarator of d.declarations) {
      this.visitPattern(declarator.id, scope, 'binding');
      if (declarator.init) this.visitExpression(declarator.init, scope);
    }
  }

  /**
   * A pattern in a declaration (`binding`: its names are declarations) or an
   * assignment target (`assignment`: its names are references that are written).
   * Either way, defaults and computed keys are read.
   */
  private visitPattern(p: acorn.Pattern, scope: Scope, mode: 'binding' | 'assignment'): void {
    switch (p.type) {
      case 'Identifier':
        if (mode === 'assignment') this.reference(p.name, scope);
        break;
      case 'MemberExpression':
        this.visitExpression(p, scope);
        break;
      case 'ObjectPattern':
        for (const property of p.properties) {
          if (property.type === 'RestElement') {
            this.visitPattern(property.argument, scope, mode);
          } else {
            if (property.computed) this.visitExpression(property.key, scope);
            this.visitPattern(property.value, scope, mode);
          }
        }
        break;
      case 'ArrayPattern':
        for (const element of p.elements) if (element !== null) this.visitPattern(element, scope, mode);
        break;
      case 'RestElement':
        this.visitPattern(p.argument, scope, mode);
        break;
      case 'AssignmentPattern':
        this.visitPattern(p.left, scope, mode);
        this.visitExpression(p.right, scope);
        break;
      default:
        assertNever(p);
    }
  }

  private visitClass(c: acorn.ClassDeclaration | acorn.ClassExpression, outer: Scope): void {
    // Inside the class its own name is bound (a declaration's name is also bound
    // outside, by lexicalNames of the enclosing block).
    const scope = new Scope(outer);
    if (c.id) scope.declare(c.id.name);
    if (c.superClass) this.visitExpression(c.superClass, scope);
    this.classDepth++;
    this.homeObjectDepth++;
    for (const member of c.body.body) {
      if (member.type === 'StaticBlock') {
        const block = new Scope(scope);
        block.declareAll(varNames(member.body));
        this.visitBlock(member.body, block);
        continue;
      }
      if (member.computed) this.visitExpression(member.key as acorn.Expression, scope);
      if (member.type === 'MethodDefinition') {
        this.visitFunction(member.value as Fn, scope);
      } else if (member.value) {
        // A field initialiser runs like a method body: `this` is the instance.
        this.visitExpression(member.value, new Scope(scope));
      }
    }
    this.homeObjectDepth--;
    this.classDepth--;
  }

  private visitExpression(e: acorn.Expression | acorn.Super | acorn.PrivateIdentifier | acorn.SpreadElement, scope: Scope): void {
    switch (e.type) {
      case 'Identifier':
        this.reference(e.name, scope);
        break;
      case 'Literal':
      case 'ThisExpression':
        break;
      case 'Super':
        if (this.homeObjectDepth === 0) this.usesOuterSuper = true;
        break;
      case 'PrivateIdentifier':
        if (this.classDepth === 0) this.usesOuterPrivateName = true;
        break;
      case 'MetaProperty':
        if (e.meta.name === 'import') this.usesImportMeta = true;
        break;
      case 'ArrayExpression':
        for (const element of e.elements) if (element !== null) this.visitExpression(element, scope);
        break;
      case 'ObjectExpression':
        for (const property of e.properties) {
          if (property.type === 'SpreadElement') {
            this.visitExpression(property.argument, scope);
            continue;
          }
          // A key is a name, not a reference, unless computed. A shorthand
          // `{ a }` is a reference to `a` through its value node.
          if (property.computed) this.visitExpression(property.key, scope);
          if (property.method || property.kind !== 'init') this.visitMethod(property.value as acorn.FunctionExpression, scope);
          else this.visitExpression(property.value, scope);
        }
        break;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        this.visitFunction(e as Fn, scope);
        break;
      case 'ClassExpression':
        this.visitClass(e, scope);
        break;
      case 'UnaryExpression':
      case 'AwaitExpression':
      case 'SpreadElement':
        this.visitExpression(e.argument, scope);
        break;
      case 'YieldExpression':
        if (e.argument) this.visitExpression(e.argument, scope);
        break;
      case 'UpdateExpression':
        this.visitExpression(e.argument, scope);
        break;
      case 'BinaryExpression':
      case 'LogicalExpression':
        this.visitExpression(e.left, scope);
        this.visitExpression(e.right, scope);
        break;
      case 'AssignmentExpression':
        this.visitPattern(e.left, scope, 'assignment');
        this.visitExpression(e.right, scope);
        break;
      case 'MemberExpression':
        this.visitExpression(e.object, scope);
        // `a.b`: `b` is a property name; `a[b]` and `a.#b` are not.
        if (e.computed || e.property.type === 'PrivateIdentifier') this.visitExpression(e.property, scope);
        break;
      case 'ConditionalExpression':
        this.visitExpression(e.test, scope);
        this.visitExpression(e.consequent, scope);
        this.visitExpression(e.alternate, scope);
        break;
      case 'CallExpression':
      case 'NewExpression':
        this.visitExpression(e.callee, scope);
        if (e.callee.type === 'Identifier' && !scope.resolves(e.callee.name)) this.called.add(e.callee.name);
        for (const argument of e.arguments) this.visitExpression(argument, scope);
        break;
      case 'SequenceExpression':
        for (const expression of e.expressions) this.visitExpression(expression, scope);
        break;
      case 'TemplateLiteral':
        for (const expression of e.expressions) this.visitExpression(expression, scope);
        break;
      case 'TaggedTemplateExpression':
        this.visitExpression(e.tag, scope);
        if (e.tag.type === 'Identifier' && !scope.resolves(e.tag.name)) this.called.add(e.tag.name);
        this.visitExpression(e.quasi, scope);
        break;
      case 'ChainExpression':
      case 'ParenthesizedExpression':
        this.visitExpression(e.expression, scope);
        break;
      case 'ImportExpression':
        this.visitExpression(e.source, scope);
        if (e.options) this.visitExpression(e.options, scope);
        break;
      default:
        assertNever(e);
    }
  }
}

function assertNever(node: never): never {
  throw new Error(`free-variable analysis met an unknown syntax node ${(node as { type: string }).type}`);
}
