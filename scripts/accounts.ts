import path from 'node:path';
import { ACCOUNTS_FILE, loadOrCreateAccounts, resetPassword } from '../server/auth/local-accounts';
import { loadConfigOrExit } from '../server/process-lifecycle';

/** `npm run accounts -- list` / `npm run accounts -- reset <name>`: manage the local accounts. */
async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  const dataDir = path.resolve(loadConfigOrExit().SIGHTLINE_DATA_DIR);
  const file = path.join(dataDir, ACCOUNTS_FILE);
  if (command === 'list') {
    const { accounts, created } = await loadOrCreateAccounts(dataDir);
    if (created.length > 0) console.log(`created ${file}; new passwords:\n${created.map((c) => `  ${c.name}  ${c.password}`).join('\n')}`);
    for (const a of accounts) console.log(`${a.name}\t${a.role}`);
    return;
  }
  if (command === 'reset' && name) {
    console.log(`new password for ${name}: ${await resetPassword(dataDir, name)}`);
    console.log('(sessions signed in before stay valid until they expire, at most 12 hours)');
    return;
  }
  console.error('usage: npm run accounts -- list | reset <name>');
  process.exitCode = 2;
}

main().catch((err: unknown) => {
  console.error(`accounts: ${(err as Error).message}`);
  process.exitCode = 1;
});
