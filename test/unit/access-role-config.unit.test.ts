import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadAccessRoleArns } from '../../shared/config.ts';

const arn = (role: string) => `arn:aws:iam::123456789012:role/appui-prod-${role}-access`;
const variables = {
  TENANT_ACCESS_ROLE_ARN: arn('tenant'),
  PRESCRIBER_ACCESS_ROLE_ARN: arn('prescriber'),
  FUNDER_ACCESS_ROLE_ARN: arn('funder'),
  PLATFORM_ACCESS_ROLE_ARN: arn('platform'),
};

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('loadAccessRoleArns', () => {
  it('reads the four access roles the API assumes in AWS', () => {
    for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);

    expect(loadAccessRoleArns()).toEqual({
      tenant: arn('tenant'),
      prescriber: arn('prescriber'),
      funder: arn('funder'),
      platform: arn('platform'),
    });
  });

  it('answers none when none is set: locally, the guard alone', () => {
    for (const name of Object.keys(variables)) vi.stubEnv(name, '');

    expect(loadAccessRoleArns()).toBeUndefined();
  });

  it('refuses some without the others, naming the missing one', () => {
    for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
    vi.stubEnv('FUNDER_ACCESS_ROLE_ARN', '');

    expect(() => loadAccessRoleArns()).toThrow(/FUNDER_ACCESS_ROLE_ARN/);
  });

  it('refuses what is not a role ARN', () => {
    for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
    vi.stubEnv('TENANT_ACCESS_ROLE_ARN', 'appui-prod-tenant-access');

    expect(() => loadAccessRoleArns()).toThrow(/TENANT_ACCESS_ROLE_ARN/);
  });
});
