/** `npm run token -- <role>`: a bearer token for the demo user of that role, signed by the local key. */
import { resolve } from 'node:path';
import { ROLES } from '#shared/routes';
import { isRole, signingKeyIn, signToken } from './auth.ts';

const role = process.argv[2] ?? '';
if (!isRole(role)) {
  console.error(`Usage : npm run token -- <rôle>   (rôles : ${ROLES.join(', ')})`);
  process.exit(2);
}
const dataDir = resolve(process.env['DATA_DIR'] ?? '.data');
console.log(await signToken(signingKeyIn(dataDir), role));
