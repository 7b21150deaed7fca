import type { PromptFormat } from '../../types';
import type { CallSite, CodeFile } from '../../codeModel/codeModel';
import { importMarkers, type SdkModule } from './sdkModule';
import { importModule, qualifiedName, receiverValue, sdkSite, staticText, type SdkSite } from './siteParts';

/** Prompty's Python runtime: `prompty.execute("support.prompty", inputs=…)`, `prompty.load(…)`, `prompty.prepare(…)`. */
const PROMPTY_FUNCTIONS = new Set(['prompty.execute', 'prompty.load', 'prompty.prepare', 'prompty.headless']);

/**
 * Calls that run a prompt file rather than writing the prompt in code. The site links to the file
 * (resolved by analyzeFile, which reads it); the path is relative to the calling file for Prompty and
 * to Genkit's prompt folder (`prompts/` at the project root unless `genkit({ promptDir })` says otherwise).
 */
export const promptFileLoaders: SdkModule = {
  id: 'prompt-file-loaders',
  markers: importMarkers({ js: /genkit(?:\/[^'"]*)?|@genkit-ai\/[^'"]+/, python: /prompty|genkit/ }),
  extract(site: CallSite, file: CodeFile): SdkSite | undefined {
    const { call } = site;
    if (site.language === 'python' && PROMPTY_FUNCTIONS.has(qualifiedName(call) ?? '')) {
      const path = staticText(call.args.positional[0]);
      if (!path || !path.endsWith('.prompty')) return undefined;
      return linked('prompty', site, file, joinRelative(folderOf(file.file), path));
    }
    // Genkit: `const ai = genkit({ … })` then `ai.prompt('ticketTriage')`.
    if (site.language !== 'python' && call.chain.length === 2 && call.chain[1] === 'prompt') {
      const receiver = receiverValue(call);
      if (receiver?.kind !== 'call' || importModule(receiver.call) !== 'genkit' || receiver.call.chain.at(-1) !== 'genkit') return undefined;
      const name = staticText(call.args.positional[0]);
      if (!name) return undefined;
      const options = receiver.call.args.positional[0];
      const promptDir = options?.kind === 'object' ? staticText(options.entries.find((entry) => entry.key === 'promptDir')?.value) : undefined;
      return linked('dotprompt', site, file, joinRelative('', `${promptDir ?? 'prompts'}/${name}.prompt`));
    }
    return undefined;
  },
};

function linked(sdk: PromptFormat, site: CallSite, file: CodeFile, promptFile: string): SdkSite {
  const result = sdkSite(sdk, site, file);
  result.promptFile = promptFile;
  return result;
}

function folderOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash === -1 ? '' : file.slice(0, slash);
}

/** `a/b` + `../c/x.prompty` → `a/c/x.prompty`; leading `./` and `/` dropped. */
function joinRelative(folder: string, relative: string): string {
  const parts = folder ? folder.split('/') : [];
  for (const part of relative.replace(/^\/+/, '').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}
