/**
 * `npm start`: the embedded runtime on PORT (3000), data under DATA_DIR (.data/), CLOCK_SPEED (1), pages
 * escalating after ESCALATION_SECONDS (600), the CIP judged after CIP_TARGET_SECONDS (3600) at CIP_QUORUM (2)
 * acknowledgements, with CRISIS_NUMBER (a number of the fiction range) as the numéro unique.
 */
process.env['POWERTOOLS_LOG_LEVEL'] ??= 'WARN';
process.env['POWERTOOLS_DEV'] ??= 'true';
// The SDK is pinned by the lock file; its Node 20 end-of-support notice would only add noise at every start.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const { resolve } = await import('node:path');
const { startRuntime } = await import('./runtime.ts');
const { readConfig } = await import('#shared/config');
const { exercisePolicyOf } = await import('#handlers/http/get-commitments-report');

// The same variables and rules as the Lambda functions: a malformed value stops here, naming it.
const config = (() => {
  try {
    return readConfig();
  } catch (error) {
    console.error(`Configuration invalide : ${(error as Error).message}`);
    process.exit(1);
  }
})();

const dataDir = resolve(process.env['DATA_DIR'] ?? '.data');
const port = Number(process.env['PORT'] ?? 3000);
const runtime = await startRuntime({
  port,
  host: process.env['HOST'] ?? '127.0.0.1',
  dataDir,
  clockSpeed: Number(process.env['CLOCK_SPEED'] ?? 1),
  department: process.env['DEPARTMENT'] ?? '74',
  ...(config.escalationSeconds ? { escalationSeconds: config.escalationSeconds } : {}),
  ...(config.exercisesPerYear || config.exerciseMaxMonths
    ? { exercisePolicy: exercisePolicyOf(config) }
    : {}),
  ...(config.smsPartsPerSecond ? { smsPartsPerSecond: config.smsPartsPerSecond } : {}),
  ...(config.dispatchBatchSize ? { dispatchBatchSize: config.dispatchBatchSize } : {}),
  cip: {
    ...(config.crisisNumber ? { crisisNumber: config.crisisNumber } : {}),
    ...(config.cipTargetSeconds ? { targetSeconds: config.cipTargetSeconds } : {}),
    ...(config.cipQuorum ? { quorum: config.cipQuorum } : {}),
  },
}).catch((error: NodeJS.ErrnoException) => {
  console.error(
    error.code === 'EADDRINUSE'
      ? `Le port ${port} est déjà utilisé : choisir un autre port, par exemple PORT=${port + 1} npm start.`
      : `Le runtime local n'a pas pu démarrer : ${error.message}`,
  );
  process.exit(1);
});

console.log(`Module 7 — runtime local prêt sur ${runtime.url}
  département ${runtime.department.code} (${runtime.department.communes.length} communes), données dans ${dataDir}
  vitesse de l'horloge : x${process.env['CLOCK_SPEED'] ?? 1}
  jeton de connexion : ${process.env['DATA_DIR'] ? `DATA_DIR=${process.env['DATA_DIR']} ` : ''}npm run token -- duty-officer   (rôles : duty-officer, prefect, comms, quality, admin)
  API : ${runtime.url}/openapi.json   ·   messages envoyés : ${runtime.url}/outbox?activationId=…
  Ctrl+C pour arrêter.`);

// Stops in order (no new request, the sends in flight confirmed, then the store), so that a restart resumes
// exactly where this process left off. A second signal while stopping gives up at once.
let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) process.exit(1);
  stopping = true;
  console.log(`${signal} reçu : arrêt propre en cours…`);
  runtime.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`L'arrêt a échoué : ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
