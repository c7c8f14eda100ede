/**
 * Lexical scopes and the declarations that populate them, for the free-variable
 * analysis of shipped lambdas (free-variables.ts).
 *
 * Declarations are entered into a scope before its body is walked, which gives the
 * hoisting JavaScript has: `var` and parameters belong to the function, `let`,
 * `const`, `class` and (in strict code, which every shipped function is evaluated
 * as) function declarations belong to the block that holds them.
 */
import type * as acorn from 'acorn';

export class Scope {
  private readonly names = new Set<string>();

  constructor(readonly parent: Scope | undefined) {}

  declare(name: string): void {
    this.names.add(name);
  }

  declareAll(names: Iterable<string>): void {
    for (const name of names) this.names.add(name);
  }

  /** True when `name` is declared here or in an enclosing scope. */
  resolves(name: string): boolean {
    return this.names.has(name) || (this.parent?.resolves(name) ?? false);
  }
}

/** The names a binding pattern declares: `a`, `{ b, c: [d] }`, `...e`, `f = 1`. */
export function patternNames(pattern: acorn.Pattern, out: string[] = []): string[] {
  switch (pattern.type) {
    case 'Identifier':
      out.push(pattern.name);
      break;
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        patternNames(property.type === 'RestElement' ? property.argument : property.value, out);
      }
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements) if (element !== null) patternNames(element, out);
      break;
    case 'RestElement':
      patternNames(pattern.argument, out);
      break;
    case 'AssignmentPattern':
      patternNames(pattern.left, out);
      break;
    case 'MemberExpression':
      // Only in assignment targets, never in declarations: declares nothing.
      break;
  }
  return out;
}

/**
 * The block-scoped names declared directly in a statement list: `let`, `const`,
 * `class` and function declarations.
 */
export function lexicalNames(statements: readonly acorn.Statement[]): string[] {
  const out: string[] = [];
  for (const statement of statements) {
    if (statement.type === 'VariableDeclaration' && statement.kind !== 'var') {
      for (const declarator of statement.declarations) patternNames(declarator.id, out);
    } else if (statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration') {
      out.push(statement.id.name);
    }
  }
  return out;
}

/**
 * The `var` names declared anywhere in a function body, in nested blocks, loop heads,
 * `try`/`catch` and `switch` included, but not inside nested functions or classes,
 * which have their own.
 */
export function varNames(statements: readonly acorn.Statement[], out: string[] = []): string[] {
  // Walk with an explicit stack: bodies can nest deeply, and recursion here would be
  // one more way for a long generated function to overflow the driver's stack.
  const stack: acorn.Statement[] = [...statements].reverse();
  const push = (s: acorn.Statement | null | undefined): void => {
    if (s !== null && s !== undefined) stack.push(s);
  };
  while (stack.length > 0) {
    const s = stack.pop()!;
    switch (s.type) {
      case 'VariableDeclaration':
        if (s.kind === 'var') for (const d of s.declarations) patternNames(d.id, out);
        break;
      case 'BlockStatement':
        for (let i = s.body.length - 1; i >= 0; i--) push(s.body[i]);
        break;
      case 'IfStatement':
        push(s.alternate);
        push(s.consequent);
        break;
      case 'ForStatement':
        push(s.body);
        if (s.init?.type === 'VariableDeclaration') push(s.init);
        break;
      case 'ForInStatement':
      case 'ForOfStatement':
        push(s.body);
        if (s.left.type === 'VariableDeclaration') push(s.left);
        break;
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'LabeledStatement':
      case 'WithStatement':
        push(s.body);
        break;
      case 'TryStatement':
        push(s.finalizer);
        if (s.handler) push(s.handler.body);
        push(s.block);
        break;
      case 'SwitchStatement':
        for (let c = s.cases.length - 1; c >= 0; c--) {
          const consequent = s.cases[c]!.consequent;
          for (let i = consequent.length - 1; i >= 0; i--) push(consequent[i]);
        }
        break;
      default:
        break;
    }
  }
  return out;
}
