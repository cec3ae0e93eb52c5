import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError } from './io';

/** Reads and parses a JSON file; a missing file or bad JSON is bad input naming the file. */
export async function readJsonFile(path: string, cwd: string, what: string): Promise<unknown> {
  const full = resolve(cwd, path);
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new CliError(`Cannot read the ${what} ${path}: ${reason}.`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(
      `The ${what} ${path} is not valid JSON: ${(error as Error).message}. Fix the JSON syntax.`,
    );
  }
}
