/**
 * Watches a function's sources and calls back once per burst of changes (debounced).
 * Bundled functions watch exactly the directories of their bundle's inputs (from esbuild's
 * metafile), filtered to those files; plain JavaScript functions watch their `CodeUri` tree,
 * walked here (skipping node_modules, .git, .local, .aws-sam and the build output) and watched one
 * directory at a time, so a large node_modules never costs a watch.
 */
import { readdirSync, watch, type FSWatcher } from 'node:fs';
import { join, relative } from 'node:path';

const IGNORED_NAMES = new Set(['node_modules', '.git', '.local', '.aws-sam', '__pycache__', '.pytest_cache', '.venv']);
/** Upper bound on directories walked for one tree (a `CodeUri: .` on a big repository). */
const MAX_WALKED_DIRECTORIES = 2000;

export interface WatchedDirectory {
  path: string;
  /** Watch the whole tree below `path`. */
  recursive: boolean;
  /** Only these file names count; all entries when absent. */
  files?: Set<string>;
}

export class SourceWatcher {
  private watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private key = '';

  constructor(
    private readonly onChange: () => void,
    /** Never reported nor walked (the build output). */
    private readonly ignoredRoot: string,
    private readonly debounceMs = 50,
  ) {}

  /** Replaces the watched set (cheap when it did not change); trees are walked again each time. */
  watchDirectories(directories: WatchedDirectory[]): void {
    const concrete = directories.flatMap((directory) =>
      directory.recursive ? this.walk(directory.path).map((path) => ({ path, files: undefined })) : [{ path: directory.path, files: directory.files }],
    );
    const key = JSON.stringify(concrete.map((d) => [d.path, [...(d.files ?? [])].sort()]));
    if (key === this.key) return;
    this.key = key;
    this.closeWatchers();
    for (const directory of concrete) {
      try {
        const watcher = watch(directory.path, (_event, filename) => {
          const name = filename?.toString();
          if (name && this.isRelevant(directory.path, name, directory.files)) this.schedule();
        });
        watcher.on('error', () => {});
        watcher.unref();
        this.watchers.push(watcher);
      } catch {
        // A directory that vanished is picked up again after the next build.
      }
    }
  }

  close(): void {
    clearTimeout(this.timer);
    this.closeWatchers();
  }

  private walk(root: string): string[] {
    const found: string[] = [];
    const pending = [root];
    while (pending.length > 0 && found.length < MAX_WALKED_DIRECTORIES) {
      const directory = pending.pop()!;
      if (this.isIgnoredPath(directory)) continue;
      found.push(directory);
      try {
        for (const entry of readdirSync(directory, { withFileTypes: true })) {
          if (entry.isDirectory() && !IGNORED_NAMES.has(entry.name)) pending.push(join(directory, entry.name));
        }
      } catch {
        // Unreadable or vanished: skip it.
      }
    }
    return found;
  }

  private isRelevant(directory: string, name: string, files: Set<string> | undefined): boolean {
    if (files) return files.has(name);
    return !IGNORED_NAMES.has(name) && !this.isIgnoredPath(join(directory, name));
  }

  private isIgnoredPath(path: string): boolean {
    const fromIgnored = relative(this.ignoredRoot, path);
    return fromIgnored === '' || !fromIgnored.startsWith('..');
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(this.onChange, this.debounceMs);
    this.timer.unref();
  }

  private closeWatchers(): void {
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
  }
}
