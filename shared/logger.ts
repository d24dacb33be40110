import { Logger } from '@aws-lambda-powertools/logger';

/** One logger per process. It never receives personal data: log identifiers, not people. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'appui' });
