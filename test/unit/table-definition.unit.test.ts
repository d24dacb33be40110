import { describe, expect, it } from 'vitest';
import {
  createTableInput,
  keyAttributes,
  tableDefinition,
  tableName,
} from '../../shared/data/table.ts';

describe('the table definition', () => {
  it('names the table after the stage', () => {
    expect(tableName('prod')).toBe('appui-prod');
  });

  it('declares every key attribute of the table and its indexes once, as strings', () => {
    const input = createTableInput('t');
    const names = input.AttributeDefinitions?.map((definition) => definition.AttributeName);
    expect(names).toEqual(keyAttributes());
    expect(new Set(names).size).toBe(names?.length);
    expect(
      input.AttributeDefinitions?.every((definition) => definition.AttributeType === 'S'),
    ).toBe(true);
  });

  it('builds one global secondary index per index of the definition, all attributes projected', () => {
    const indexes = createTableInput('t').GlobalSecondaryIndexes ?? [];
    expect(indexes.map((index) => index.IndexName)).toEqual(
      Object.values(tableDefinition.indexes).map((index) => index.name),
    );
    expect(indexes.every((index) => index.Projection?.ProjectionType === 'ALL')).toBe(true);
  });

  it('turns the stream on with old and new images, for the statistics projector', () => {
    expect(createTableInput('t').StreamSpecification).toEqual({
      StreamEnabled: true,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
  });

  it('bills on demand', () => {
    expect(createTableInput('t').BillingMode).toBe('PAY_PER_REQUEST');
  });
});
