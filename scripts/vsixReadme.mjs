// Writes the README the .vsix ships: the repository's README with its screenshots inlined as data
// URIs. VS Code's extension page loads images only from https: or data: (its content security
// policy), so a relative link shows nothing and a link to the repository needs the network; inlined,
// the page renders its images offline. vsce would take a data URI for a relative link and prefix
// it, so it packages this README with --no-rewrite-relative-links, and the other relative links
// (ARCHITECTURE.md, CONTRIBUTING.md…) are pointed at the repository here instead.
// Usage: node scripts/vsixReadme.mjs [out-file]
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(root, process.argv[2] ?? 'out/vsix/README.md');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const repository = manifest.repository.url.replace(/\.git$/, '');

let inlined = 0;
const text = readme.replace(/!\[([^\]]*)\]\((media\/[\w/.-]+\.png)\)/g, (_match, alt, file) => {
  const bytes = fs.readFileSync(path.join(root, file));
  inlined++;
  return `![${alt}](data:image/png;base64,${bytes.toString('base64')})`;
});
// A link to a file of the repository (not an anchor, not a web address, not an inlined image).
const linked = text.replace(/(?<!!)\[([^\]]*)\]\((?![a-z]+:|#)([^)\s]+)\)/g, (_match, label, target) => `[${label}](${repository}/blob/HEAD/${target})`);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, linked);
console.log(`vsix README: ${inlined} images inlined into ${path.relative(root, out)} (${Math.round(text.length / 1024)} KB)`);
