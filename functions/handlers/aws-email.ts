/**
 * The SES part of the composition root, in a module of its own so that only the function that sends e-mail
 * (DispatchAudience) bundles the SES client. Built on first use: a missing sender or configuration set fails
 * that function's first invocation, naming the variable.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { sesEmailMessenger } from '#adapters/ses-email-messenger';
import { required } from '#shared/config';
import { ENV } from '#shared/contract';
import { once } from '#shared/once';
import * as awsRoot from './aws-root.ts';

export const sesEmail = once(() =>
  sesEmailMessenger({
    client: new SESv2Client({}),
    from: required(awsRoot.config().emailFrom, ENV.emailFrom),
    configurationSet: required(awsRoot.config().sesConfigurationSet, ENV.sesConfigurationSet),
  }),
);
