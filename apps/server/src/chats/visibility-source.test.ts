/**
 * Keeps chats/visibility.ts the one owner of "what a member may see": every SQL text in the server
 * that reads `messages`, and every call that selects messages, either applies the rule (an
 * interpolation of visibleTo / visibleToParticipant / a `visible…` fragment made by them) or says
 * in a `// visibility: <why>` comment on its statement why it is not a member's view (a job, the
 * sender's own rows, a row just written). A new query that reads messages without either fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '..');
const READS_MESSAGES = /\b(from|join)\s+(messages\b|\$\{\s*MESSAGE_FROM\s*\})/i;
const SELECT_CALLS = new Set(['selectMessages', 'selectMessagesByIds']);
const APPLIES_RULE = /\$\{\s*visible\w*|\bvisibleTo(Participant(Sql)?)?\(/;
const EXEMPTION = /\/\/\s*visibility:\s*\S/;

interface ReadSite {
  file: string;
  line: number;
  text: string;
  isCovered: boolean;
}

function sourceFiles(): string[] {
  return (fs.readdirSync(SRC, { recursive: true }) as string[])
    .filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith(`test${path.sep}`) && !f.includes(`${path.sep}test${path.sep}`),
    )
    .map((f) => path.join(SRC, f));
}

/** The statement (or object property) a node belongs to: where its `// visibility:` comment goes. */
function enclosingStatement(node: ts.Node): ts.Node {
  let n: ts.Node = node;
  while (n.parent && !ts.isSourceFile(n.parent) && !ts.isBlock(n.parent) && !ts.isPropertyAssignment(n)) n = n.parent;
  return n;
}

function hasExemption(source: ts.SourceFile, node: ts.Node): boolean {
  const statement = enclosingStatement(node);
  const comments = ts.getLeadingCommentRanges(source.text, statement.getFullStart()) ?? [];
  return comments.some((c) => EXEMPTION.test(source.text.slice(c.pos, c.end)));
}

function readSites(file: string): ReadSite[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const sites: ReadSite[] = [];
  const add = (node: ts.Node, covered: boolean) =>
    sites.push({
      file: path.relative(SRC, file),
      line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
      text: node.getText().replace(/\s+/g, ' ').slice(0, 120),
      isCovered: covered || hasExemption(source, node),
    });
  const visit = (node: ts.Node): void => {
    if (ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const text = node.getText();
      if (READS_MESSAGES.test(text)) add(node, APPLIES_RULE.test(text));
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && SELECT_CALLS.has(node.expression.text)) {
      add(
        node,
        node.arguments.some((a) => APPLIES_RULE.test(a.getText()) || /^visible\w*$/.test(a.getText())),
      );
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sites;
}

describe('the visibility policy has one home', () => {
  const sites = sourceFiles().flatMap(readSites);

  it('finds the reads it guards (the check is not vacuous)', () => {
    const files = new Set(sites.map((s) => s.file));
    for (const file of [
      'messages/service.ts',
      'chats/read-model.ts',
      'search/service.ts',
      'sync/service.ts',
      'files/service.ts',
      'receipts/batch.ts',
      'messages/recent.ts',
    ])
      expect(files, file).toContain(file);
    expect(sites.length).toBeGreaterThan(20);
  });

  it('every read of messages applies the rule or says why it need not', () => {
    const uncovered = sites.filter((s) => !s.isCovered).map((s) => `${s.file}:${s.line}  ${s.text}`);
    expect(uncovered, 'apply chats/visibility.ts, or add a `// visibility: <why>` comment').toEqual([]);
  });

  it('the rule itself is written nowhere else', () => {
    const copies = sourceFiles()
      .filter((f) => !f.endsWith(`chats${path.sep}visibility.ts`))
      .filter((f) =>
        /greatest\(\s*\w+\.joined_seq|cleared_seq\)|left_seq,\s*2147483647|from message_hides h where/.test(fs.readFileSync(f, 'utf8')),
      )
      .map((f) => path.relative(SRC, f));
    expect(copies).toEqual([]);
  });
});
