/**
 * The CDK app: `npm run synth`, `npm run diff`, `npm run deploy` (see infra/README.md). Context values
 * (`-c department=38`) choose the prefecture; cdk-nag's AwsSolutions checks run at every synth.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addDeployment } from '../lib/deployment.ts';
import { readSettings } from '../lib/settings.ts';

const app = new App();
const account = process.env['CDK_DEFAULT_ACCOUNT'];
const region = process.env['CDK_DEFAULT_REGION'];
addDeployment(app, readSettings(app.node), account && region ? { account, region } : undefined);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
