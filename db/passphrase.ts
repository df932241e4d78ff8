import { createInterface } from 'node:readline';
import { keyFromPassphrase, type DbKey } from './db-key';

/** Where the CLI and the hub take the database passphrase from (issue 21, item 1). */
export const PASSPHRASE_ENV = 'IKM_DB_PASSPHRASE';

/**
 * The data key for the CLI and the hub: from IKM_DB_PASSPHRASE, else asked on the terminal (not
 * echoed). Null when neither is there (a script with no passphrase set): the files stay plain, and
 * a plain file that another run encrypted is refused (DB_DAMAGED: not readable without its key).
 */
export async function keyFromEnvironment({ env = process.env, stdin = process.stdin, stderr = process.stderr } = {}): Promise<DbKey | null> {
  const given = env[PASSPHRASE_ENV];
  if (given) return keyFromPassphrase(given);
  if (!stdin.isTTY) return null;
  return keyFromPassphrase(await askHidden('Frasa sandi basis data: ', stdin, stderr));
}

function askHidden(question: string, stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: stdin, output: stderr, terminal: true });
    // Echo nothing of what is typed (the prompt itself is written once, before muting).
    stderr.write(question);
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      stderr.write('\n');
      resolve(answer);
    });
  });
}
