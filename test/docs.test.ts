// The docs, held to what exists (issue 22). In README.md, docs/**/*.md and the other READMEs
// (apps/origin, bench, experiments, examples): every relative link points to a file that
// exists and every #anchor (same file or another) to a heading, by GitHub's slug rules;
// every `cachefront <subcommand>` shown in code is a real subcommand (apps/cli/src/main.ts)
// and every --flag after it is in that subcommand's --help; every `npm run <script>` is a
// script of its package.json; every docs page opens with a table of contents of its
// sections, and docs/README.md lists every page. Each problem is reported as file:line.
// No network: external links are not fetched.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(root, 'apps/cli/src/main.ts');

// ---- markdown scanning (pure) ----

interface Located {
  text: string;
  line: number;
}

interface CodeChunk extends Located {
  /** 'inline' for a code span; else the fence's info string ('' when none). */
  lang: string;
}

interface Heading extends Located {
  level: number;
}

interface Scanned {
  headings: Heading[];
  links: Located[];
  code: CodeChunk[];
}

/** Headings, link targets and code (fenced blocks and inline spans) of a markdown text. */
function scanMarkdown(md: string): Scanned {
  const lines = md.split('\n');
  const headings: Heading[] = [];
  const code: CodeChunk[] = [];
  const prose: string[] = []; // the text outside fenced blocks, line for line
  let fence: { marker: string; lang: string; start: number; body: string[] } | undefined;
  lines.forEach((line, i) => {
    const m = /^\s*(`{3,}|~{3,})\s*([\w-]*)/.exec(line);
    if (fence) {
      prose.push('');
      if (m && m[1]![0] === fence.marker[0] && m[1]!.length >= fence.marker.length && line.trim() === m[1]) {
        code.push({ text: fence.body.join('\n'), line: fence.start + 1, lang: fence.lang });
        fence = undefined;
      } else fence.body.push(line);
      return;
    }
    if (m) {
      fence = { marker: m[1]!, lang: m[2] ?? '', start: i + 1, body: [] };
      prose.push('');
      return;
    }
    prose.push(line);
    const h = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (h) headings.push({ text: h[2]!, line: i + 1, level: h[1]!.length });
  });
  const text = prose.join('\n');
  const lineAt = (index: number) => text.slice(0, index).split('\n').length;
  // Inline code spans: a run of n backticks up to the next run of exactly n, within a paragraph.
  let outside = '';
  for (let i = 0; i < text.length; ) {
    if (text[i] !== '`') {
      outside += text[i];
      i++;
      continue;
    }
    let n = 0;
    while (text[i + n] === '`') n++;
    const ticks = '`'.repeat(n);
    let end = -1;
    for (let j = text.indexOf(ticks, i + n); j >= 0; j = text.indexOf(ticks, j + 1)) {
      if (text[j - 1] !== '`' && text[j + n] !== '`') {
        end = j;
        break;
      }
    }
    const inner = end < 0 ? '' : text.slice(i + n, end);
    if (end < 0 || /\n[ \t]*\n/.test(inner)) {
      outside += ticks;
      i += n;
      continue;
    }
    code.push({ text: inner.replace(/\s*\n\s*/g, ' ').trim(), line: lineAt(i), lang: 'inline' });
    outside += inner.replace(/[^\n]/g, ' ') + ' '.repeat(2 * n);
    i = end + n;
  }
  const links: Located[] = [];
  const linkRe = /!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g;
  for (const m of outside.matchAll(linkRe)) links.push({ text: m[1]!, line: lineAt(m.index) });
  for (const m of outside.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) links.push({ text: m[1]!, line: lineAt(m.index) });
  return { headings, links, code };
}

/** GitHub's heading anchor: lower-cased text, punctuation but '-' and '_' dropped, spaces to '-'. */
function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
    .replace(/\\([!-/:-@[-`{-~])/g, '$1') // backslash escapes
    .replace(/`/g, '');
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every heading's anchor, with GitHub's -1, -2 ... for repeats. */
function anchors(headings: Located[]): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const h of headings) {
    const base = slug(h.text);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

interface Command {
  tool: 'cachefront' | 'npm';
  /** cachefront: the subcommand; npm: the script. */
  name: string;
  flags: string[];
  /** npm: the directory whose package.json runs it, relative to the repository. */
  dir: string;
  line: number;
}

// Where a command may start: a line's start (after a `$ ` prompt), `$(`, or after && || ; |.
const START = String.raw`(?:^|\$\(|&&|\|\||;|\|)[ \t]*(?:\$[ \t]+)?(?:(?:cd[ \t]+(\S+)[ \t]*&&[ \t]*))?`;
const CACHEFRONT_RE = new RegExp(`${START}(?:npx[ \\t]+)?(?:cachefront|node[ \\t]+apps/cli/src/main\\.ts)[ \\t]+([a-z][\\w-]*)`, 'gm');
const NPM_RE = new RegExp(`${START}npm[ \\t]+(?:run(?:-script)?[ \\t]+([\\w:.-]+)|(start|test|t|stop|restart)(?![\\w-]))`, 'gm');

/** The --flags of a command line, up to where the shell ends it (`)`, `|`, `;`, `&&`, `#`). */
function flagsOf(rest: string): string[] {
  const flags: string[] = [];
  let depth = 0;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    const prev = i === 0 ? ' ' : rest[i - 1]!;
    if (c === "'" || c === '"') {
      const close = rest.indexOf(c, i + 1);
      if (close < 0) break;
      i = close;
    } else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (c === ';' || c === '>' || (c === '#' && /\s/.test(prev)) || rest.startsWith('&&', i))) break;
    else if (depth === 0 && c === '|' && /\s/.test(prev) && /\s/.test(rest[i + 1] ?? ' ')) break;
    else if (c === '-' && rest[i + 1] === '-' && /[\s[(|]/.test(prev)) {
      const m = /^--[a-z][\w-]*/.exec(rest.slice(i));
      if (m) {
        flags.push(m[0]);
        i += m[0].length - 1;
      }
    }
  }
  return flags;
}

/** The cachefront and npm commands in a code chunk, each with its --flags and line. */
function commandsIn(chunk: CodeChunk): Command[] {
  if (!['', 'sh', 'bash', 'shell', 'console', 'inline'].includes(chunk.lang)) return [];
  const lines = chunk.text.split('\n');
  const out: Command[] = [];
  lines.forEach((raw, i) => {
    if (chunk.lang === 'console' && !raw.startsWith('$ ')) return;
    // A command goes on over a trailing backslash and, in a synopsis, over indented `[...` lines.
    let text = raw;
    for (let j = i; j + 1 < lines.length; j++) {
      const next = lines[j + 1]!;
      if (/\\\s*$/.test(lines[j]!)) text = text.replace(/\\\s*$/, ' ') + next;
      else if (/^\s+[[(-]/.test(next)) text += ' ' + next;
      else break;
    }
    for (const m of text.matchAll(CACHEFRONT_RE)) {
      if (m.index > raw.length) break; // starts on a continuation line: counted there
      out.push({ tool: 'cachefront', name: m[2]!, flags: flagsOf(text.slice(m.index + m[0].length)), dir: '', line: chunk.line + i });
    }
    for (const m of raw.matchAll(NPM_RE)) {
      const name = m[2] ?? (m[3] === 't' ? 'test' : m[3]!);
      out.push({ tool: 'npm', name, flags: [], dir: m[1] ?? '', line: chunk.line + i });
    }
  });
  return out;
}

// ---- the repository's docs ----

function markdownUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md') && !f.split('/').includes('node_modules'))
    .map((f) => join(dir, f));
}

const docFiles = [
  join(root, 'README.md'),
  ...markdownUnder(join(root, 'docs')),
  join(root, 'apps/origin/README.md'),
  join(root, 'bench/README.md'),
  join(root, 'experiments/README.md'),
  ...markdownUnder(join(root, 'examples')).filter((f) => f.endsWith('README.md')),
].filter((f) => existsSync(f));

const scans = new Map(docFiles.map((f) => [f, scanMarkdown(readFileSync(f, 'utf8'))]));
const where = (file: string, line: number) => `${relative(root, file)}:${line}`;

const anchorCache = new Map<string, Set<string>>();
function anchorsOf(file: string): Set<string> {
  let a = anchorCache.get(file);
  if (!a) {
    a = anchors((scans.get(file) ?? scanMarkdown(readFileSync(file, 'utf8'))).headings);
    anchorCache.set(file, a);
  }
  return a;
}

function linkProblems(file: string, link: Located): string[] {
  const target = link.text;
  if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) return []; // http:, https:, mailto:
  const hash = target.indexOf('#');
  const pathPart = decodeURIComponent((hash < 0 ? target : target.slice(0, hash)).replace(/\?.*$/, ''));
  const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
  const path = pathPart === '' ? file : pathPart.startsWith('/') ? join(root, pathPart) : resolve(dirname(file), pathPart);
  if (!existsSync(path)) return [`${where(file, link.line)}: link to ${target}: ${relative(root, path)} does not exist`];
  if (anchor === undefined || !path.endsWith('.md') || statSync(path).isDirectory()) return [];
  if (anchorsOf(path).has(anchor)) return [];
  return [`${where(file, link.line)}: link to ${target}: no heading '#${anchor}' in ${relative(root, path)}`];
}

function subcommands(): Set<string> {
  const main = readFileSync(CLI, 'utf8');
  return new Set([...main.matchAll(/^\s*'?([a-z][\w-]*)'?: \(\) => import\(/gm)].map((m) => m[1]!));
}

function scripts(dir: string): Set<string> {
  const file = join(root, dir, 'package.json');
  if (!existsSync(file)) return new Set();
  return new Set(Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { scripts?: object }).scripts ?? {}));
}

const allCommands = [...scans].flatMap(([file, s]) => s.code.flatMap((c) => commandsIn(c).map((cmd) => ({ file, cmd }))));

const run = promisify(execFile);

/** `cachefront <sub> --help`, or the first line of why it failed. */
async function helpOf(sub: string): Promise<string | Error> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, sub, '--help'], { cwd: root, timeout: 15_000 });
    return stdout + stderr;
  } catch (err) {
    return new Error((err as Error).message.split('\n')[0]);
  }
}

/** Unknown subcommands, and flags missing from their subcommand's help text, as file:line. */
function cliProblems(shown: { file: string; cmd: Command }[], known: Set<string>, help: Map<string, string | Error>): string[] {
  const problems: string[] = [];
  for (const [sub, text] of help) if (text instanceof Error) problems.push(`'cachefront ${sub} --help' failed: ${text.message}`);
  for (const { file, cmd } of shown) {
    const at = where(file, cmd.line);
    if (!known.has(cmd.name)) {
      problems.push(`${at}: 'cachefront ${cmd.name}' is not a subcommand (apps/cli/src/main.ts)`);
      continue;
    }
    const text = help.get(cmd.name);
    if (typeof text !== 'string') continue;
    for (const flag of cmd.flags) {
      if (flag !== '--help' && !new RegExp(`(?<![\\w-])${flag}(?![\\w-])`).test(text)) {
        problems.push(`${at}: 'cachefront ${cmd.name} ${flag}': ${flag} is not in 'cachefront ${cmd.name} --help'`);
      }
    }
  }
  return problems;
}

// ---- the tests ----

describe('docs', () => {
  it("slugs headings as GitHub does", () => {
    const table: [string, string][] = [
      ['Quick start', 'quick-start'],
      ["How the edge decides (CloudFront's rules)", 'how-the-edge-decides-cloudfronts-rules'],
      ['Tiers: regional edge caches and origin shields', 'tiers-regional-edge-caches-and-origin-shields'],
      ['Parent tiers with `--parent`', 'parent-tiers-with---parent'],
      ['CloudFront-\\* headers', 'cloudfront--headers'],
      ['HTTPS and HTTP/2', 'https-and-http2'],
      ["DESIGN.md's targets", 'designmds-targets'],
      ['snake_case stays', 'snake_case-stays'],
      ['See [the page](x.md) now', 'see-the-page-now'],
    ];
    for (const [heading, expected] of table) assert.equal(slug(heading), expected, heading);
    const flags = [1, 2, 3].map((line) => ({ text: 'Flags', line, level: 2 }));
    assert.deepEqual([...anchors(flags)], ['flags', 'flags-1', 'flags-2']);
  });

  it('scans links, headings and code, leaving out what is inside code', () => {
    const md = [
      '# Title',
      'See [a](a.md#x), ![img](i.png) and `[not](a link)`; <https://example.com>.',
      '```sh',
      '# not a heading; [not](a link)',
      'cachefront edge --config c.yaml \\',
      '    --port 0 | grep x   # --not-a-flag',
      'export T=$(npx cachefront token --scope write) && npm run bench -- --only wrk',
      '```',
      '```console',
      '$ npx cachefront explain http://x/ --pop FRA',
      'cachefront is the output here',
      '```',
      'Inline: `cachefront sign-cookies (--url URL | --resource P) --key-pair-id K` and `cd packages/x && npm test`.',
      '```',
      'cachefront control-plane [--port 8787] [--jwt-secret-file F |',
      '                --jwt-public-key-file PEM] [--pops FILE]',
      '```',
    ].join('\n');
    const s = scanMarkdown(md);
    assert.deepEqual(s.headings, [{ text: 'Title', line: 1, level: 1 }]);
    assert.deepEqual(s.links, [{ text: 'a.md#x', line: 2 }, { text: 'i.png', line: 2 }]);
    const cmds = s.code.flatMap(commandsIn).sort((a, b) => a.line - b.line).map((c) => `${c.line} ${c.tool} ${c.dir} ${c.name} ${c.flags.join(' ')}`.replace(/ +/g, ' ').trim());
    assert.deepEqual(cmds, [
      '5 cachefront edge --config --port',
      '7 cachefront token --scope',
      '7 npm bench',
      '10 cachefront explain --pop',
      '13 cachefront sign-cookies --url --resource --key-pair-id',
      '13 npm packages/x test',
      '15 cachefront control-plane --port --jwt-secret-file --jwt-public-key-file --pops',
    ]);
  });

  it('reports a missing file, a missing anchor, an unknown subcommand and an unknown flag with file:line', () => {
    const readme = join(root, 'README.md');
    const cases: [string, string[]][] = [
      ['docs/cli.md', []],
      ['docs/cli.md#synopsis', []],
      ['#quick-start', []],
      ['https://example.com/#nowhere', []],
      ['docs/nope.md', ['README.md:7: link to docs/nope.md: docs/nope.md does not exist']],
      ['docs/cli.md#nope', ["README.md:7: link to docs/cli.md#nope: no heading '#nope' in docs/cli.md"]],
      ['#nope', ["README.md:7: link to #nope: no heading '#nope' in README.md"]],
    ];
    for (const [target, expected] of cases) assert.deepEqual(linkProblems(readme, { text: target, line: 7 }), expected, target);
    const cmd = (name: string, flags: string[]): { file: string; cmd: Command } => ({ file: readme, cmd: { tool: 'cachefront', name, flags, dir: '', line: 3 } });
    const help = new Map<string, string | Error>([['edge', '  --port P   viewer port\n  --tls-cert/--tls-key'], ['dev', new Error('exit 1')]]);
    assert.deepEqual(cliProblems([cmd('edge', ['--port', '--tls-key', '--help', '--portal']), cmd('edgy', []), cmd('dev', ['--x'])], new Set(['edge', 'dev']), help), [
      "'cachefront dev --help' failed: exit 1",
      "README.md:3: 'cachefront edge --portal': --portal is not in 'cachefront edge --help'",
      "README.md:3: 'cachefront edgy' is not a subcommand (apps/cli/src/main.ts)",
    ]);
  });

  it('found the docs to check', () => {
    assert.ok(docFiles.length >= 15, `docs found: ${docFiles.length}`);
    const links = [...scans.values()].reduce((n, s) => n + s.links.length, 0);
    assert.ok(links > 100, `links found: ${links}`);
    assert.ok(allCommands.filter((c) => c.cmd.tool === 'cachefront').length > 30, 'cachefront commands found');
  });

  it('every relative link points to a file that exists, every #anchor to a heading', () => {
    const problems = [...scans].flatMap(([file, s]) => s.links.flatMap((link) => linkProblems(file, link)));
    assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
  });

  it('every docs page opens with a table of contents of its sections, and docs/README.md lists every page', () => {
    const problems: string[] = [];
    const pages = docFiles.filter((f) => dirname(f) === join(root, 'docs') && !f.endsWith('README.md'));
    for (const file of pages) {
      const s = scans.get(file)!;
      const sections = s.headings.filter((h) => h.level === 2);
      const firstLine = sections[0]?.line ?? Infinity;
      const toc = new Set(s.links.filter((l) => l.line < firstLine && l.text.startsWith('#')).map((l) => l.text.slice(1)));
      for (const h of sections) if (!toc.has(slug(h.text))) problems.push(`${where(file, h.line)}: '## ${h.text}' is not in the table of contents at the top`);
    }
    const index = scans.get(join(root, 'docs/README.md'));
    const listed = new Set((index?.links ?? []).map((l) => l.text.replace(/#.*/, '')));
    for (const file of pages) if (!listed.has(relative(join(root, 'docs'), file))) problems.push(`docs/README.md: does not link ${relative(root, file)}`);
    assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
  });

  it('every `npm run <script>` shown names a script of its package.json', () => {
    const problems = allCommands
      .filter(({ cmd }) => cmd.tool === 'npm' && !scripts(cmd.dir).has(cmd.name))
      .map(({ file, cmd }) => `${where(file, cmd.line)}: npm script '${cmd.name}' is not in ${join(cmd.dir, 'package.json')}`);
    assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
  });

  it('every `cachefront <subcommand>` shown is real, and its --flags are in its --help', async () => {
    const known = subcommands();
    assert.ok(known.has('edge') && known.has('dev'), 'read the subcommands from apps/cli/src/main.ts');
    const shown = allCommands.filter(({ cmd }) => cmd.tool === 'cachefront');
    const subs = [...new Set(shown.map(({ cmd }) => cmd.name))].filter((s) => known.has(s));
    const help = new Map(await Promise.all(subs.map(async (sub) => [sub, await helpOf(sub)] as const)));
    const problems = cliProblems(shown, known, help);
    assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
  });
});
