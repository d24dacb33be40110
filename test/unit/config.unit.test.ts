import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../shared/config.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('loadConfig', () => {
  it('reads the table, the stage and the local endpoint', () => {
    vi.stubEnv('TABLE_NAME', 'appui-dev');
    vi.stubEnv('APPUI_STAGE', 'dev');
    vi.stubEnv('DYNAMODB_ENDPOINT', 'http://127.0.0.1:8000');
    expect(loadConfig()).toEqual({
      stage: 'dev',
      region: expect.any(String),
      tableName: 'appui-dev',
      dynamoEndpoint: 'http://127.0.0.1:8000',
    });
  });

  it('throws at cold start, naming the variable, when the table name is missing', () => {
    vi.stubEnv('TABLE_NAME', '');
    expect(() => loadConfig()).toThrow(/TABLE_NAME/);
  });

  it('refuses a malformed endpoint or stage', () => {
    vi.stubEnv('TABLE_NAME', 'appui-dev');
    vi.stubEnv('DYNAMODB_ENDPOINT', 'not a url');
    expect(() => loadConfig()).toThrow(/DYNAMODB_ENDPOINT/);
    vi.stubEnv('DYNAMODB_ENDPOINT', '');
    vi.stubEnv('APPUI_STAGE', 'Prod_1');
    expect(() => loadConfig()).toThrow(/APPUI_STAGE/);
  });
});
