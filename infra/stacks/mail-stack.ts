import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { senderOf } from '../config.ts';

export interface MailStackProps extends StackProps {
  /** `MAIL_FROM`: the sender of the digest and of Cognito's invitations and codes. */
  readonly mailFrom: string;
}

/**
 * The SES identity Appui sends from: the sender's domain, signed with Easy DKIM. SES sends
 * nothing from it until the three DKIM records are in the domain's DNS (outputs below).
 */
export class MailStack extends Stack {
  readonly identity: ses.EmailIdentity;
  readonly sender: ReturnType<typeof senderOf>;

  constructor(scope: Construct, id: string, props: MailStackProps) {
    super(scope, id, props);
    this.sender = senderOf(props.mailFrom);
    this.identity = new ses.EmailIdentity(this, 'SenderDomain', {
      identity: ses.Identity.domain(this.sender.domain),
    });
    this.identity.dkimRecords.forEach((record, index) => {
      new CfnOutput(this, `DkimRecord${index + 1}`, {
        value: `${record.name} CNAME ${record.value}`,
        description: `DNS record ${index + 1} of 3 that verifies ${this.sender.domain} for SES`,
      });
    });
  }
}
