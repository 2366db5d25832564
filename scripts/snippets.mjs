// READMEs quote the real code, not a copy that drifts (STYLE.md lesson 2).
//
// A README marks a quote with
//   <!-- snippet: labs/01-local-capture/main.cpp#lab01-start -->
//   ```cpp
//   ...
//   ```
//   <!-- /snippet -->
// and the source marks the region with a line starting `// [lab01-start]` before and after it.
//   node scripts/snippets.mjs           checks every quote (exit 1 if one is stale or missing)
//   node scripts/snippets.mjs --update  rewrites the quotes from the sources
import { readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quote = /<!-- snippet: ([^#\s]+)#([\w-]+) -->\n```(\w*)\n([\s\S]*?)```\n<!-- \/snippet -->/g;

export function region(file, marker) {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const tag = `// [${marker}]`;
  const marks = lines.flatMap((line, i) => (line.trim().startsWith(tag) ? [i] : []));
  if (marks.length !== 2) {
    throw new Error(`${file}: marker ${tag} must appear exactly twice (found ${marks.length})`);
  }
  const body = lines.slice(marks[0] + 1, marks[1]);
  const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.match(/^ */)[0].length));
  return body.map((l) => l.slice(indent)).join('\n') + '\n';
}

export function markdownFiles(dir = root) {
  return readdirSync(dir).flatMap((name) => {
    if (['node_modules', 'build', '.cache', '.git'].includes(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

// Returns the problems found; with `update`, rewrites stale quotes instead.
export function checkSnippets({ update = false } = {}) {
  const problems = [];
  for (const path of markdownFiles()) {
    const text = readFileSync(path, 'utf8');
    const fixed = text.replace(quote, (whole, file, marker, lang, body) => {
      let source;
      try {
        source = region(file, marker);
      } catch (error) {
        problems.push(`${relative(root, path)}: ${error.message}`);
        return whole;
      }
      if (source !== body && !update) {
        problems.push(`${relative(root, path)}: quote of ${file}#${marker} is stale ` +
          '(run `node scripts/snippets.mjs --update`)');
      }
      return `<!-- snippet: ${file}#${marker} -->\n\`\`\`${lang}\n${source}\`\`\`\n<!-- /snippet -->`;
    });
    if (update && fixed !== text) writeFileSync(path, fixed);
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = checkSnippets({ update: process.argv.includes('--update') });
  for (const problem of problems) console.error(problem);
  process.exit(problems.length ? 1 : 0);
}
