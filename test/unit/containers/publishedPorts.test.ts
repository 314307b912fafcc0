/**
 * Every `docker run -p` the repository documents publishes on 127.0.0.1: the fake Bedrock's admin
 * routes (`/_fake/*`) and the local services must not face the network (Docker's `-p 4010:4010`
 * publishes on every interface).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function documentedFiles(): string[] {
  const files = ['README.md', ...readdirSync('docs').filter((name) => name.endsWith('.md')).map((name) => path.join('docs', name))];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'Dockerfile' || entry.name.endsWith('.Dockerfile')) files.push(full);
    }
  };
  walk('local');
  files.push('Dockerfile');
  return files;
}

describe('documented docker run commands', () => {
  it('publish ports on 127.0.0.1 only', () => {
    const unbound: string[] = [];
    for (const file of documentedFiles()) {
      for (const match of readFileSync(file, 'utf8').matchAll(/docker run[^\n]*/g)) {
        for (const published of match[0].matchAll(/(?:-p|--publish)[ =](\S+)/g)) {
          if (!published[1]!.startsWith('127.0.0.1:')) unbound.push(`${file}: ${match[0].trim()}`);
        }
      }
    }
    expect(unbound).toEqual([]);
  });
});
