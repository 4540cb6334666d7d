/**
 * Two rules of the server's shape (docs/architecture.md, "One home for each rule"), checked over
 * the source so they stay true:
 * - no runtime import cycles between modules (type-only imports do not count: they vanish at build);
 * - realtime/emit.ts is the one door for pushes: no other module emits to rooms or sockets it picks.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = import.meta.dirname;

function sourceFiles(): string[] {
  return (fs.readdirSync(SRC, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.split(path.sep).includes('test'))
    .sort();
}

const parse = (file: string) => ts.createSourceFile(file, fs.readFileSync(path.join(SRC, file), 'utf8'), ts.ScriptTarget.Latest, true);

/** The modules of ours a file loads at run time. */
function runtimeImports(file: string): string[] {
  const imports: string[] = [];
  for (const statement of parse(file).statements) {
    const isImport = ts.isImportDeclaration(statement);
    if (!isImport && !ts.isExportDeclaration(statement)) continue;
    const specifier = statement.moduleSpecifier;
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
    if (isImport) {
      const clause = statement.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const isTypeOnly = clause?.isTypeOnly || (!clause?.name && named !== undefined && named.every((e) => e.isTypeOnly));
      if (isTypeOnly) continue;
    } else if (statement.isTypeOnly) continue;
    imports.push(path.normalize(path.join(path.dirname(file), specifier.text.replace(/\.js$/, '.ts'))));
  }
  return imports;
}

function findCycles(graph: Map<string, string[]>): string[] {
  const cycles: string[] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (file: string) => {
    if (stack.includes(file)) {
      cycles.push([...stack.slice(stack.indexOf(file)), file].join(' → '));
      return;
    }
    if (done.has(file)) return;
    stack.push(file);
    for (const next of graph.get(file) ?? []) visit(next);
    stack.pop();
    done.add(file);
  };
  for (const file of graph.keys()) visit(file);
  return cycles;
}

describe('the server’s shape', () => {
  it('has no runtime import cycles', () => {
    const graph = new Map(sourceFiles().map((f) => [f, runtimeImports(f)]));
    // The walk sees the real graph: services do import each other.
    expect(graph.get(path.join('messages', 'service.ts'))).toContain(path.join('chats', 'access.ts'));
    expect(findCycles(graph)).toEqual([]);
  });

  it('finds a cycle when there is one (the check can fail)', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
    ]);
    expect(findCycles(graph)).toEqual(['a.ts → b.ts → c.ts → a.ts']);
  });

  it('pushes go out through realtime/emit.ts only', () => {
    const pushes: string[] = [];
    for (const file of sourceFiles()) {
      if (file === path.join('realtime', 'emit.ts')) continue;
      const source = parse(file);
      const visit = (node: ts.Node) => {
        // io.to(...), io.in(...), io.except(...), ctx.io.to(...): choosing rooms to tell.
        if (
          ts.isPropertyAccessExpression(node) &&
          ['to', 'in', 'except'].includes(node.name.text) &&
          /\bio$/.test(node.expression.getText())
        )
          pushes.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${node.getText()}`);
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(pushes).toEqual([]);
  });
});
