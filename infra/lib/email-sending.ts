/**
 * What the e-mails are sent from and what becomes of them: the prefecture's domain as an SES identity (Easy
 * DKIM), the configuration set every e-mail is sent with, and its delivery, bounce and complaint events kept
 * in an EventBridge archive for the receipts. Retained with the rest of the stateful stack: a new identity
 * would have new DKIM keys, hence new DNS records to publish.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface EmailSendingProps {
  /** INSEE code of the department: it names the configuration set. */
  department: string;
  /** The prefecture's mail domain, verified by its DKIM records. */
  domain: string;
}

/**
 * The events of an e-mail that say what became of it once SES accepted it: delivered, bounced, complained
 * about, rejected (a virus), or delayed by the recipient's server. Not `send` (the ledger already records it
 * with its message id), nor opens or clicks (no tracking of officials).
 */
export const KEPT_EMAIL_EVENTS = [
  ses.EmailSendingEvent.DELIVERY,
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.REJECT,
  ses.EmailSendingEvent.DELIVERY_DELAY,
];

/** How long the archive keeps each event: the year of the Qual-e-pref audit, and a month to spare. */
export const EMAIL_EVENTS_RETENTION = Duration.days(400);

export class EmailSending extends Construct {
  readonly identity: ses.EmailIdentity;
  /** The archive of the e-mails' events, on the account's default event bus. */
  readonly archive: events.Archive;
  /** The configuration set's name, as the functions send with it (`ENV.sesConfigurationSet`). */
  readonly configurationSetName: string;
  /** The configuration set's ARN, as IAM authorises a send with it. */
  readonly configurationSetArn: string;

  constructor(scope: Construct, id: string, props: EmailSendingProps) {
    super(scope, id);
    this.configurationSetName = `module7-${props.department}`;
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSetName,
    });

    const configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: this.configurationSetName,
      reputationMetrics: true,
      sendingEnabled: true,
    });
    // The account's default event bus: the only one SES delivers to. Each event carries the configuration set
    // in its `ses:configuration-set` tag, and ours (activation, contact, audience): the receipts work adds a
    // rule for them, and replays this archive for what happened before it existed.
    const defaultBus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    configurationSet.addEventDestination('ToEventBridge', {
      destination: ses.EventDestination.eventBus(defaultBus),
      events: KEPT_EMAIL_EVENTS,
    });
    this.archive = new events.Archive(this, 'Events', {
      sourceEventBus: defaultBus,
      description: `Module 7, department ${props.department}: delivery, bounce and complaint events of its e-mails`,
      eventPattern: {
        source: ['aws.ses'],
        detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSetName] } } },
      },
      retention: EMAIL_EVENTS_RETENTION,
    });
    this.archive.applyRemovalPolicy(RemovalPolicy.RETAIN);

    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(props.domain),
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
      // Every send from the domain goes through the set, even one that would forget to name it.
      configurationSet,
    });
    this.identity.applyRemovalPolicy(RemovalPolicy.RETAIN);
    configurationSet.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }
}
