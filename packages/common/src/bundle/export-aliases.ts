/**
 * The export aliases of a bundled ES module: for each top-level binding that is
 * exported, its local name → an export name that holds it.
 *
 * A lambda's source text refers to bundle bindings by their local names, and esbuild
 * may rename a local to avoid a collision between modules (`parse` becomes `parse2`
 * and is exported as `export { parse2 as parse }`). An executor gets the values
 * through the module namespace, by export name; this map connects the two. It is
 * computed once, when the bundle is packaged, and stored in the manifest.
 */
import * as acorn from 'acorn';
import { BundleError } from '../errors/index.js';

export function computeExportAliases(bundleSource: string): Record<string, string> {
  let program: acorn.Program;
  try {
    program = acorn.parse(bundleSource, { ecmaVersion: 'latest', sourceType: 'module' });
  } catch (error) {
    throw new BundleError(`The bundled module does not parse (${(error as Error).message}); this is a bug in packaging`, { cause: error });
  }
  const aliases: Record<string, string> = {};
  const add = (local: string, exported: string): void => {
    // Keep a named export over `default`: the named one reads better in refs.
    if (!Object.hasOwn(aliases, local) || aliases[local] === 'default') aliases[local] = exported;
  };
  for (const statement of program.body) {
    if (statement.type === 'ExportNamedDeclaration') {
      // `export { x } from 'mod'` re-exports without a local binding.
      if (statement.source) continue;
      const declaration = statement.declaration;
      if (declaration?.type === 'FunctionDeclaration' || declaration?.type === 'ClassDeclaration') {
        add(declaration.id.name, declaration.id.name);
      } else if (declaration?.type === 'VariableDeclaration') {
        for (const declarator of declaration.declarations) for (const name of boundNames(declarator.id)) add(name, name);
      }
      for (const specifier of statement.specifiers) add(nameOf(specifier.local), nameOf(specifier.exported));
    } else if (statement.type === 'ExportDefaultDeclaration') {
      const declaration = statement.declaration;
      if ((declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id) {
        add(declaration.id.name, 'default');
      }
    }
  }
  addImportTwins(program, add, aliases);
  return aliases;
}

/**
 * esbuild may import one external binding under two local names: `import { capture }`
 * for the module's own use and `import { capture as capture2 }` for its re-export
 * (`export { capture } from '@kindling/driver'`, what a ClosureError tells a user to
 * write so that lambdas may call an imported function). Every local bound to the
 * same imported binding gets the re-export's name, or the lambda's `capture` would
 * have no export to resolve to.
 */
function addImportTwins(program: acorn.Program, add: (local: string, exported: string) => void, aliases: Record<string, string>): void {
  const localsByImport = new Map<string, string[]>();
  for (const statement of program.body) {
    if (statement.type !== 'ImportDeclaration') continue;
    for (const specifier of statement.specifiers) {
      if (specifier.type !== 'ImportSpecifier') continue;
      const key = `${String(statement.source.value)}\0${nameOf(specifier.imported)}`;
      const locals = localsByImport.get(key) ?? [];
      locals.push(specifier.local.name);
      localsByImport.set(key, locals);
    }
  }
  for (const locals of localsByImport.values()) {
    const exported = locals.map((local) => aliases[local]).find((name) => name !== undefined);
    if (exported !== undefined) for (const local of locals) add(local, exported);
  }
}

function nameOf(node: acorn.Identifier | acorn.Literal): string {
  return node.type === 'Identifier' ? node.name : String(node.value);
}

function boundNames(pattern: acorn.Pattern): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'ObjectPattern':
      return pattern.properties.flatMap((p) => boundNames(p.type === 'RestElement' ? p.argument : p.value));
    case 'ArrayPattern':
      return pattern.elements.flatMap((e) => (e === null ? [] : boundNames(e)));
    case 'RestElement':
      return boundNames(pattern.argument);
    case 'AssignmentPattern':
      return boundNames(pattern.left);
    default:
      return [];
  }
}
